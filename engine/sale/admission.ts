// Runs lua/admit-n.lua for a batch of attempts of one sale (admission-batcher.ts gathers them) and turns
// each attempt's integer outcome into a typed result.
import type { Result } from 'ioredis';
import type { ErrorCode } from '../platform/errors.js';
import { defineLuaCommand, readLuaScript } from '../platform/redis/lua-scripts.js';
import type { RedisClient } from '../platform/redis/redis-client.js';
import { AdmitCode, admitErrorCode, decodeAdmitAnswer } from './admit-answer.js';
import { admittedField, saleKeys } from './sale-keys.js';
import { newTicketId } from './ticket-id.js';

/** One attempt of a known sale. */
export interface SaleAttempt {
  userId: number;
  quantity: number;
  idempotencyKey: string;
}

export interface AttemptRequest extends SaleAttempt {
  saleId: number;
}

export type AttemptResult =
  | { outcome: 'ADMITTED'; ticketId: string; fresh: boolean; remaining: number }
  | { outcome: 'REFUSED'; code: ErrorCode; remaining: number };

/** code, answer, remaining of each attempt in turn */
type AdmitReply = (AdmitCode | string | number)[];

declare module 'ioredis' {
  interface RedisCommander<Context> {
    admit(numKeys: number, ...keysAndArgs: (string | number)[]): Result<AdmitReply, Context>;
  }
}

/** meta, users, pending, tickets, admitted: lua/admit-n.lua's keys before the attempts' idem keys */
const FIXED_KEYS = 5;

/** The sale's scripts: admission, and the stock push slot (sale-stock-push.ts). */
export function defineSaleScripts(redis: RedisClient, luaDir: string): void {
  defineLuaCommand(redis, readLuaScript(luaDir, 'admit'));
  defineLuaCommand(redis, readLuaScript(luaDir, 'claimStockPush'));
}

/** Turns a stored answer (admit-answer.ts) into the result a replay gets. */
export function replayResult(answer: string, quantity: number, remaining = -1): AttemptResult {
  const stored = decodeAdmitAnswer(answer);
  if (stored.quantity !== quantity) return { outcome: 'REFUSED', code: 'IDEMPOTENCY_MISMATCH', remaining };
  if (stored.code === AdmitCode.Admitted) return { outcome: 'ADMITTED', ticketId: stored.ticketId, fresh: false, remaining };
  return { outcome: 'REFUSED', code: admitErrorCode(stored.code), remaining };
}

/** Admits or refuses `attempts` of sale `saleId` in order, in one script call; their results in the same order. */
export async function admitBatch(
  redis: RedisClient,
  namespace: string,
  idempotencyTtlSec: number,
  saleId: number,
  attempts: readonly SaleAttempt[],
): Promise<AttemptResult[]> {
  const keys = saleKeys(namespace, saleId);
  const count = attempts.length;
  const ticketIds = new Array<string>(count);
  // numkeys, the keys (fixed, then one idem key per attempt), the TTL, then five arguments per attempt
  const call = new Array<string | number>(1 + FIXED_KEYS + count + 1 + 5 * count);
  call[0] = FIXED_KEYS + count;
  call[1] = keys.meta;
  call[2] = keys.users;
  call[3] = keys.pending;
  call[4] = keys.tickets;
  call[5] = keys.admitted;
  const argv = 1 + FIXED_KEYS + count;
  call[argv] = idempotencyTtlSec;
  for (let i = 0; i < count; i++) {
    const { userId, quantity, idempotencyKey } = attempts[i];
    ticketIds[i] = newTicketId();
    call[1 + FIXED_KEYS + i] = keys.idem(userId, idempotencyKey);
    const at = argv + 1 + 5 * i;
    call[at] = userId;
    call[at + 1] = quantity;
    call[at + 2] = ticketIds[i];
    call[at + 3] = admittedField(userId, idempotencyKey);
    call[at + 4] = idempotencyKey;
  }
  const reply = await redis.admit(...(call as [number, ...(string | number)[]]));
  const results = new Array<AttemptResult>(count);
  for (let i = 0; i < count; i++) {
    const code = reply[3 * i] as AdmitCode;
    const remaining = reply[3 * i + 2] as number;
    if (code === AdmitCode.Admitted) results[i] = { outcome: 'ADMITTED', ticketId: ticketIds[i], fresh: true, remaining };
    else if (code === AdmitCode.Replay) results[i] = replayResult(reply[3 * i + 1] as string, attempts[i].quantity, remaining);
    else results[i] = { outcome: 'REFUSED', code: admitErrorCode(code), remaining };
  }
  return results;
}
