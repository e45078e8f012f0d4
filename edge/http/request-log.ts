// One log line per request (at REQUEST_LOG_LEVEL), with a request id and, when traced, its trace id.
import type { Span } from '@opentelemetry/api';
import { log, logEnabled, requestLogLevel } from '../../engine/platform/log.js';

const enabled = logEnabled(requestLogLevel);
const prefix = `${process.pid.toString(36)}-`;
let sequence = 0;

export function logRequest(route: string, status: number, seconds: number, span?: Span): void {
  if (!enabled) return;
  log(requestLogLevel, 'request', {
    route,
    status,
    ms: Math.round(seconds * 1e4) / 10,
    requestId: prefix + (++sequence).toString(36),
    traceId: span?.spanContext().traceId,
  });
}
