// Runs lua/reserve-5.lua for one reservation request and lua/release-4.lua for one hold, and turns their
// integer outcomes into typed results.
import { createHash } from 'node:crypto';
import type { Result } from 'ioredis';
import { EngineError, type ErrorCode } from '../platform/errors.js';
import { defineLuaCommand, readLuaScript } from '../platform/redis/lua-scripts.js';
import type { RedisClient } from '../platform/redis/redis-client.js';
import { newTicketId } from '../sale/ticket-id.js';
import { inventoryKeys } from './reservation-keys.js';
import type { ReservationLine, ReservationRecord } from './reservation-types.js';
import { decodeReserveAnswer, ReserveCode, reserveErrorCode } from './reserve-answer.js';

type ReserveReply = [code: ReserveCode, answer: string, item: number];

declare module 'ioredis' {
  interface RedisCommander<Context> {
    reserve(...keysAndArgs: (string | number)[]): Result<ReserveReply, Context>;
    release(...keysAndArgs: (string | number)[]): Result<number, Context>;
  }
}

export function defineReservationScripts(redis: RedisClient, luaDir: string): void {
  defineLuaCommand(redis, readLuaScript(luaDir, 'reserve'));
  defineLuaCommand(redis, readLuaScript(luaDir, 'release'));
}

export interface ReserveRequest {
  userId: number;
  idempotencyKey: string;
  lines: ReservationLine[];
  holdTtlMs: number;
  /** fingerprint of the whole request when it carries more than its lines (an order); default: the lines' */
  print?: string;
  /**
   * the cap on units the user holds at once through holds that count it (a buyer's reservations); this
   * hold counts against it until it ends. Absent or 0: the hold neither counts nor is capped (an order's)
   */
  maxHeldUnits?: number;
}

export type ReserveResult =
  | { outcome: 'RESERVED'; reservationId: string; fresh: boolean; record?: ReservationRecord }
  | { outcome: 'REFUSED'; code: ErrorCode; line: number; reservationId?: string };

/** Same body = same request; a replay with another body is a mismatch. */
export function fingerprint(body: unknown): string {
  return createHash('sha1').update(JSON.stringify(body)).digest('base64url').slice(0, 16);
}

function replayResult(answer: string, print: string): ReserveResult {
  const stored = decodeReserveAnswer(answer);
  if (stored.print !== print) return { outcome: 'REFUSED', code: 'IDEMPOTENCY_MISMATCH', line: 0 };
  if (stored.code === ReserveCode.Reserved) return { outcome: 'RESERVED', reservationId: stored.reservationId, fresh: false };
  return { outcome: 'REFUSED', code: reserveErrorCode(stored.code), line: 0, reservationId: stored.reservationId || undefined };
}

export async function reserve(redis: RedisClient, namespace: string, idempotencyTtlSec: number, request: ReserveRequest): Promise<ReserveResult> {
  const keys = inventoryKeys(namespace);
  const reservationId = newTicketId();
  const expiresAtMs = Date.now() + request.holdTtlMs;
  const print = request.print ?? fingerprint(request.lines);
  const [code, answer, item] = await redis.reserve(
    keys.counters,
    keys.idem(request.userId, request.idempotencyKey),
    keys.pending,
    keys.records,
    keys.held,
    request.userId,
    reservationId,
    idempotencyTtlSec,
    expiresAtMs,
    print,
    request.idempotencyKey,
    request.maxHeldUnits ?? 0,
    request.lines.length,
    ...request.lines.flat(),
  );
  if (code === ReserveCode.Reserved) {
    return { outcome: 'RESERVED', reservationId, fresh: true, record: [reservationId, request.userId, expiresAtMs, request.lines, print, request.idempotencyKey] };
  }
  if (code === ReserveCode.Replay) return replayResult(answer, print);
  return { outcome: 'REFUSED', code: reserveErrorCode(code), line: item, reservationId: code === ReserveCode.Insufficient ? reservationId : undefined };
}

/**
 * Ends a hold in Redis: "return" gives the units back, "consume" keeps them taken (sold); either way the
 * units it counted against its user's cap are the user's again. True when this call did it.
 */
export async function releaseHold(redis: RedisClient, namespace: string, reservationId: string, mode: 'return' | 'consume'): Promise<boolean> {
  const keys = inventoryKeys(namespace);
  return (await redis.release(keys.counters, keys.records, keys.pending, keys.held, reservationId, mode)) === 1;
}

export function refusalError(code: ErrorCode, line: number): EngineError {
  const where = line > 0 ? ` (item ${line})` : '';
  const messages: Partial<Record<ErrorCode, string>> = {
    INSUFFICIENT_STOCK: `not enough units${where}; nothing was held`,
    INVENTORY_UNAVAILABLE: `inventory counters are missing${where}; admission waits for a rebuild`,
    SLOT_REQUIRED: `a slot is required for a RESERVABLE item${where}`,
    SLOT_NOT_ALLOWED: `a REALTIME item takes no slot${where}`,
    IDEMPOTENCY_MISMATCH: 'this Idempotency-Key was used with a different body',
  };
  return new EngineError(code, messages[code] ?? code);
}
