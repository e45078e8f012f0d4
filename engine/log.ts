// Structured JSON logs (pino), one line per event, to stdout. Tokens, passwords, secrets and
// Idempotency-Keys are never passed as fields; the redaction list is a second guard.
import { pino, type Logger } from 'pino';

type Level = 'debug' | 'info' | 'warn' | 'error';

const root = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  redact: {
    paths: ['authorization', 'token', 'accessToken', 'refreshToken', 'password', 'secret', 'clientSecret', 'idempotencyKey', '*.authorization', '*.password'],
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
