// Runs lua/admit-6.lua for one attempt and turns its integer outcome into a typed result.
import type { Result } from 'ioredis';
import type { ErrorCode } from '../platform/errors.js';
import { defineLuaCommand, readLuaScript } from '../platform/redis/lua-scripts.js';
import type { RedisClient } from '../platform/redis/redis-client.js';
import { AdmitCode, admitErrorCode, decodeAdmitAnswer } from './admit-answer.js';
import { admittedField, saleKeys } from './sale-keys.js';
import { newTicketId } from './ticket-id.js';

export interface AttemptRequest {
  saleId: number;
  userId: number;
  quantity: number;
  idempotencyKey: string;
}

export type AttemptResult =
  | { outcome: 'ADMITTED'; ticketId: string; fresh: boolean; remaining: number }
  | { outcome: 'REFUSED'; code: ErrorCode; remaining: number };

type AdmitReply = [code: AdmitCode, answer: string, remaining: number];

declare module 'ioredis' {
  interface RedisCommander<Context> {
    admit(...keysAndArgs: (string | number)[]): Result<AdmitReply, Context>;
  }
}

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

export async function admitAttempt(
  redis: RedisClient,
  namespace: string,
  idempotencyTtlSec: number,
  request: AttemptRequest,
): Promise<AttemptResult> {
  const keys = saleKeys(namespace, request.saleId);
  const ticketId = newTicketId();
  const [code, answer, remaining] = await redis.admit(
    keys.meta,
    keys.users,
    keys.idem(request.userId, request.idempotencyKey),
    keys.pending,
    keys.tickets,
    keys.admitted,
    request.userId,
    request.quantity,
    ticketId,
    idempotencyTtlSec,
    admittedField(request.userId, request.idempotencyKey),
    request.idempotencyKey,
  );
  if (code === AdmitCode.Admitted) return { outcome: 'ADMITTED', ticketId, fresh: true, remaining };
  if (code === AdmitCode.Replay) return replayResult(answer, request.quantity, remaining);
  return { outcome: 'REFUSED', code: admitErrorCode(code), remaining };
}
