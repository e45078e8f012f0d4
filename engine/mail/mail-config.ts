// Configuration of outgoing mail (`config.mail`), from the validated variables of
// engine/platform/config-schema.ts (types, ranges, defaults and meanings there and in docs/configuration.md).
import type { ConfigValues } from '../platform/config.js';
import { CONFIG_SCHEMA } from '../platform/config-schema.js';

export const mailSenders = CONFIG_SCHEMA.MAIL_SENDER.values;
export type MailSenderKind = (typeof mailSenders)[number];

export interface MailConfig {
  sender: MailSenderKind;
  from: string;
  intervalMs: number;
  batch: number;
  maxAttempts: number;
  claimTimeoutMs: number;
}

export function loadMailConfig(v: ConfigValues): MailConfig {
  return {
    sender: v.MAIL_SENDER,
    from: v.MAIL_FROM,
    intervalMs: v.MAIL_OUTBOX_INTERVAL_MS,
    batch: v.MAIL_OUTBOX_BATCH,
    maxAttempts: v.MAIL_OUTBOX_MAX_ATTEMPTS,
    claimTimeoutMs: v.MAIL_OUTBOX_CLAIM_TIMEOUT_MS,
  };
}
