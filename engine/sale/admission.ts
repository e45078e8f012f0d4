// Runs lua/admit-6.lua for one attempt and turns its integer outcome into a typed result.
import type { Result } from 'ioredis';
import type { ErrorCode } from '../platform/errors.js';
import type { RedisClient } from '../platform/redis/lua-scripts.js';
import { admittedField, saleKeys } from './sale-keys.js';
import { newTicketId } from './ticket-id.js';

/** Outcome codes of lua/admit-6.lua, in the order of its header. */
export enum AdmitCode {
  Admitted = 0,
  Replay = 1,
  SoldOut = 2,
  LimitReached = 3,
  NotOpen = 4,
  Ended = 5,
  NoCounters = 6,
}

const refusalByCode: Record<number, ErrorCode> = {
  [AdmitCode.SoldOut]: 'SOLD_OUT',
  [AdmitCode.LimitReached]: 'LIMIT_REACHED',
  [AdmitCode.NotOpen]: 'NOT_OPEN',
  [AdmitCode.Ended]: 'ENDED',
  [AdmitCode.NoCounters]: 'SALE_UNAVAILABLE',
};

export interface AttemptRequest {
  saleId: number;
  userId: number;
  quantity: number;
  idempotencyKey: string;
}

export type AttemptResult =
  | { outcome: 'ADMITTED'; ticketId: string; fresh: boolean; remaining: number }
  | { outcome: 'REFUSED'; code: ErrorCode; remaining: number };

type AdmitReply = [code: number, answer: string, remaining: number];

declare module 'ioredis' {
  interface RedisCommander<Context> {
    admit(...keysAndArgs: (string | number)[]): Result<AdmitReply, Context>;
  }
}

/** The answer lua/admit-6.lua stores for an admitted key ("code:quantity:ticketId"), as a rebuild restores it. */
export function admittedAnswer(quantity: number, ticketId: string): string {
  return `${AdmitCode.Admitted}:${quantity}:${ticketId}`;
}

/** Turns a stored answer ("code:quantity:ticketId") into the result a replay gets. */
export function replayResult(answer: string, quantity: number, remaining = -1): AttemptResult {
  const [code, storedQuantity, ticketId] = answer.split(':');
  if (Number(storedQuantity) !== quantity) return { outcome: 'REFUSED', code: 'IDEMPOTENCY_MISMATCH', remaining };
  if (Number(code) === AdmitCode.Admitted) return { outcome: 'ADMITTED', ticketId, fresh: false, remaining };
  return { outcome: 'REFUSED', code: refusalByCode[Number(code)] ?? 'INTERNAL', remaining };
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
  return { outcome: 'REFUSED', code: refusalByCode[code] ?? 'INTERNAL', remaining };
}
