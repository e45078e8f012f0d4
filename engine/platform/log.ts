// Structured JSON logs (pino), one line per event, to stdout. Tokens, passwords, secrets, card numbers and
// Idempotency-Keys are never passed as fields; the redaction list is a second guard.
import { pino, type Logger } from 'pino';
import { CONFIG_SCHEMA } from './config-schema.js';
import { readVar } from './config-vars.js';

/** pino's levels, `silent` included (the schema's LOG_LEVEL values) */
export type Level = (typeof CONFIG_SCHEMA)['LOG_LEVEL']['values'][number];

/**
 * The logger reads its two variables itself, since it must exist before the config is loaded: an invalid
 * one reads as its default here, and loadConfig then refuses to start with its name, value and levels.
 */
function levelOf(name: 'LOG_LEVEL' | 'REQUEST_LOG_LEVEL'): Level {
  try {
    return readVar(CONFIG_SCHEMA, process.env, name);
  } catch {
    return CONFIG_SCHEMA[name].default;
  }
}

/**
 * The level of the one-line-per-request logs. `debug` by default: a synchronous line costs the hot path
 * 4–7 µs per answer (measured by bench:sale), so production turns it on deliberately.
 */
export const requestLogLevel: Level = levelOf('REQUEST_LOG_LEVEL');

const root = pino({
  level: levelOf('LOG_LEVEL'),
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
