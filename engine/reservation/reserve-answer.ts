// What lua/reserve-5.lua answers: its outcome codes, the error code of each refusal, and the answer it
// stores for a replay of the same Idempotency-Key, "code|reservationId|fingerprint" (lua/includes/reserveAnswer.lua
// writes the same format; a test holds them together). The counter rebuild restores it from the rows.
import type { ErrorCode } from '../platform/errors.js';

/** Outcome codes of lua/reserve-5.lua, as its header lists them. */
export enum ReserveCode {
  Reserved = 0,
  Replay = 1,
  Insufficient = 2,
  NoCounters = 6,
  SlotRequired = 7,
  SlotNotAllowed = 8,
  HoldLimit = 9,
}

const errorCodes: Partial<Record<ReserveCode, ErrorCode>> = {
  [ReserveCode.Insufficient]: 'INSUFFICIENT_STOCK',
  [ReserveCode.NoCounters]: 'INVENTORY_UNAVAILABLE',
  [ReserveCode.SlotRequired]: 'SLOT_REQUIRED',
  [ReserveCode.SlotNotAllowed]: 'SLOT_NOT_ALLOWED',
  [ReserveCode.HoldLimit]: 'HOLD_LIMIT_REACHED',
};

/** The error code of a refusal; INTERNAL for a code that is no refusal (a script out of step with this enum). */
export function reserveErrorCode(code: ReserveCode): ErrorCode {
  return errorCodes[code] ?? 'INTERNAL';
}

export interface ReserveAnswer {
  code: ReserveCode;
  /** '' for a refusal */
  reservationId: string;
  /** the request's fingerprint: a replay with another body is a mismatch */
  print: string;
}

export function encodeReserveAnswer(answer: ReserveAnswer): string {
  return `${answer.code}|${answer.reservationId}|${answer.print}`;
}

export function decodeReserveAnswer(value: string): ReserveAnswer {
  const [code, reservationId, print] = value.split('|');
  return { code: Number(code), reservationId: reservationId ?? '', print: print ?? '' };
}
