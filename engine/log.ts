// Structured JSON logs, one line per event, to stdout. Never pass tokens or secrets as fields.
const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof levels;

const threshold = levels[(process.env.LOG_LEVEL as Level) ?? 'info'] ?? levels.info;
let role = 'engine';

export function setLogRole(name: string): void {
  role = name;
}

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (levels[level] < threshold) return;
  const err = fields.err instanceof Error ? { err: { name: fields.err.name, message: fields.err.message } } : {};
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), level, role, pid: process.pid, msg, ...fields, ...err })}\n`,
  );
}
