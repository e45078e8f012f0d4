// Configuration of the push domain (WebSocket /ws and counselling chat; `config.push`), from the validated
// variables of engine/platform/config-schema.ts (types, ranges, defaults and meanings there and in docs/configuration.md).
import type { ConfigValues } from '../platform/config.js';

export interface PushConfig {
  /** Empty set plus allowAnyOrigin=false: only requests without an Origin header pass. */
  allowedOrigins: ReadonlySet<string>;
  allowAnyOrigin: boolean;
  maxConnectionsPerIp: number;
  maxMessagesPerSec: number;
  maxPayloadBytes: number;
  idleTimeoutSec: number;
  maxBackpressureBytes: number;
  maxTopicsPerConnection: number;
  tokenCheckIntervalMs: number;
  chatPageSizeMax: number;
  /** `sale.<id>` carries at most one `sale.stock` message per this many ms (engine/sale/sale-stock-push.ts) */
  saleStockIntervalMs: number;
}

export function loadPushConfig(v: ConfigValues): PushConfig {
  const origins = v.WS_ALLOWED_ORIGINS;
  return {
    allowedOrigins: new Set(origins.filter((o) => o !== '*')),
    allowAnyOrigin: origins.includes('*'),
    maxConnectionsPerIp: v.WS_MAX_CONNECTIONS_PER_IP,
    maxMessagesPerSec: v.WS_MAX_MESSAGES_PER_SEC,
    maxPayloadBytes: v.WS_MAX_PAYLOAD_BYTES,
    // uWS accepts 0 (off) or at least 8 seconds: the schema refuses the rest
    idleTimeoutSec: v.WS_IDLE_TIMEOUT_SEC,
    maxBackpressureBytes: v.WS_MAX_BACKPRESSURE_BYTES,
    maxTopicsPerConnection: v.WS_MAX_TOPICS_PER_CONNECTION,
    tokenCheckIntervalMs: v.WS_TOKEN_CHECK_INTERVAL_MS,
    chatPageSizeMax: v.CHAT_PAGE_SIZE_MAX,
    saleStockIntervalMs: v.SALE_PUSH_INTERVAL_MS,
  };
}
