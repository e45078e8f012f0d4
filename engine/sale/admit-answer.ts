// What lua/admit-n.lua answers: its outcome codes, the error code of each refusal, and the answer it
// stores for a replay of the same Idempotency-Key, "code:quantity:ticketId" (lua/includes/admitAnswer.lua
// writes the same format; a test holds them together). Rebuilds restore it from the order rows.
import type { ErrorCode } from '../platform/errors.js';

/** Outcome codes of lua/admit-n.lua, as its header lists them. */
export enum AdmitCode {
  Admitted = 0,
  Replay = 1,
  SoldOut = 2,
  LimitReached = 3,
  NotOpen = 4,
  Ended = 5,
  NoCounters = 6,
}

const errorCodes: Partial<Record<AdmitCode, ErrorCode>> = {
  [AdmitCode.SoldOut]: 'SOLD_OUT',
  [AdmitCode.LimitReached]: 'LIMIT_REACHED',
  [AdmitCode.NotOpen]: 'NOT_OPEN',
  [AdmitCode.Ended]: 'ENDED',
  [AdmitCode.NoCounters]: 'SALE_UNAVAILABLE',
};

/** The error code of a refusal; INTERNAL for a code that is no refusal (a script out of step with this enum). */
export function admitErrorCode(code: AdmitCode): ErrorCode {
  return errorCodes[code] ?? 'INTERNAL';
}

export interface AdmitAnswer {
  code: AdmitCode;
  quantity: number;
  /** '' for a refusal */
  ticketId: string;
}

export function encodeAdmitAnswer(answer: AdmitAnswer): string {
  return `${answer.code}:${answer.quantity}:${answer.ticketId}`;
}

export function decodeAdmitAnswer(value: string): AdmitAnswer {
  const [code, quantity, ticketId] = value.split(':');
  return { code: Number(code), quantity: Number(quantity), ticketId: ticketId ?? '' };
}
