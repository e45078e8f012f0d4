// One log line per request (at REQUEST_LOG_LEVEL), with its request id and, when traced, its trace id.
import type { Span } from '@opentelemetry/api';
import { log, logEnabled, requestLogLevel } from '../../engine/platform/log.js';

const enabled = logEnabled(requestLogLevel);

export function logRequest(route: string, status: number, seconds: number, requestId: string | undefined, span?: Span): void {
  if (!enabled) return;
  log(requestLogLevel, 'request', {
    route,
    status,
    ms: Math.round(seconds * 1e4) / 10,
    requestId,
    traceId: span?.spanContext().traceId,
  });
}
