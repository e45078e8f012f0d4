// Structured JSON logs (pino), one line per event, to stdout. Tokens, passwords, secrets, card numbers and
// Idempotency-Keys are never passed as fields; the redaction list is a second guard.
import { pino, type Logger } from 'pino';

export type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * The level of the one-line-per-request logs. `debug` by default: a synchronous line costs the hot path
 * 4–7 µs per answer (measured by bench:sale), so production turns it on deliberately. The logger is
 * the one module that reads its env directly, since it must exist before the config is loaded.
 */
export const requestLogLevel: Level = (process.env.REQUEST_LOG_LEVEL as Level | undefined) ?? 'debug';

const root = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  redact: {
    paths: ['authorization', 'token', 'accessToken', 'refreshToken', 'password', 'secret', 'clientSecret', 'idempotencyKey', '*.authorization', '*.password',
      'cardNumber', '*.cardNumber', 'card_number', '*.card_number'],
    censor: '[redacted]',
  },
});

let logger: Logger = root.child({ role: 'engine' });

export function setLogRole(name: string): void {
  logger = root.child({ role: name });
}

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  logger[level](fields, msg);
}

export function logEnabled(level: Level): boolean {
  return logger.isLevelEnabled(level);
}
