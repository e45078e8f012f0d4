// Configuration of outgoing mail, from environment variables (composed into EngineConfig by
// engine/platform/config.ts as `config.mail`).
//   MAIL_SENDER                  log     how mail leaves: `log` writes each message to the scheduler's log (development)
//   MAIL_FROM                    Gopang <no-reply@gopang.local>  the From of every message
//   MAIL_OUTBOX_INTERVAL_MS      2000    how often the scheduler delivers pending mail (0: never)
//   MAIL_OUTBOX_BATCH            50      messages one delivery run claims
//   MAIL_OUTBOX_MAX_ATTEMPTS     5       failed sends of one message before it is FAILED
//   MAIL_OUTBOX_CLAIM_TIMEOUT_MS 60000   a message claimed this long ago and not marked sent (a crash) is sent again
import { int, str } from '../platform/config.js';

export const mailSenders = ['log'] as const;
export type MailSenderKind = (typeof mailSenders)[number];

export interface MailConfig {
  sender: MailSenderKind;
  from: string;
  intervalMs: number;
  batch: number;
  maxAttempts: number;
  claimTimeoutMs: number;
}

export function loadMailConfig(env: NodeJS.ProcessEnv): MailConfig {
  const sender = str(env, 'MAIL_SENDER', 'log');
  const kind = mailSenders.find((s) => s === sender);
  if (kind === undefined) throw new Error(`MAIL_SENDER must be one of ${mailSenders.join(', ')}, got "${sender}"`);
  return {
    sender: kind,
    from: str(env, 'MAIL_FROM', 'Gopang <no-reply@gopang.local>'),
    intervalMs: int(env, 'MAIL_OUTBOX_INTERVAL_MS', 2_000),
    batch: Math.max(1, int(env, 'MAIL_OUTBOX_BATCH', 50)),
    maxAttempts: Math.max(1, int(env, 'MAIL_OUTBOX_MAX_ATTEMPTS', 5)),
    claimTimeoutMs: int(env, 'MAIL_OUTBOX_CLAIM_TIMEOUT_MS', 60_000),
  };
}
