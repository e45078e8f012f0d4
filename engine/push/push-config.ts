// Configuration of the push domain (WebSocket /ws and counselling chat), from environment variables
// (composed into EngineConfig by engine/platform/config.ts). Defaults:
//   WS_ALLOWED_ORIGINS          "http://localhost:8080,http://127.0.0.1:8080"  comma list; "*" allows any;
//                               a request without Origin (native apps, servers) is always allowed
//   WS_MAX_CONNECTIONS_PER_IP   200      per edge process
//   WS_MAX_MESSAGES_PER_SEC     20       client messages per connection per second; more closes it (1008)
//   WS_MAX_PAYLOAD_BYTES        16384    largest client message; larger closes the connection
//   WS_IDLE_TIMEOUT_SEC         120      no traffic for this long closes it; the edge pings before that
//   WS_MAX_BACKPRESSURE_BYTES   1048576  unsent bytes a client may hold before it is dropped as a slow consumer
//   WS_MAX_TOPICS_PER_CONNECTION 64      subscriptions one connection may hold
//   WS_TOKEN_CHECK_INTERVAL_MS  5000     how often connections whose token expired are closed (4001)
//   CHAT_PAGE_SIZE_MAX          100      largest history page
//   SALE_PUSH_INTERVAL_MS       100      at most one remaining-stock message per sale per interval, all edges together
import { int, str } from '../platform/config.js';

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

export function loadPushConfig(env: NodeJS.ProcessEnv): PushConfig {
  const origins = str(env, 'WS_ALLOWED_ORIGINS', 'http://localhost:8080,http://127.0.0.1:8080')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  const idleTimeoutSec = int(env, 'WS_IDLE_TIMEOUT_SEC', 120);
  // uWS accepts 0 (off) or at least 8 seconds
  if (idleTimeoutSec !== 0 && idleTimeoutSec < 8) throw new Error('WS_IDLE_TIMEOUT_SEC must be 0 or at least 8');
  const saleStockIntervalMs = int(env, 'SALE_PUSH_INTERVAL_MS', 100);
  if (saleStockIntervalMs < 1) throw new Error('SALE_PUSH_INTERVAL_MS must be at least 1');
  return {
    allowedOrigins: new Set(origins.filter((o) => o !== '*')),
    allowAnyOrigin: origins.includes('*'),
    maxConnectionsPerIp: int(env, 'WS_MAX_CONNECTIONS_PER_IP', 200),
    maxMessagesPerSec: int(env, 'WS_MAX_MESSAGES_PER_SEC', 20),
    maxPayloadBytes: int(env, 'WS_MAX_PAYLOAD_BYTES', 16 * 1024),
    idleTimeoutSec,
    maxBackpressureBytes: int(env, 'WS_MAX_BACKPRESSURE_BYTES', 1024 * 1024),
    maxTopicsPerConnection: int(env, 'WS_MAX_TOPICS_PER_CONNECTION', 64),
    tokenCheckIntervalMs: int(env, 'WS_TOKEN_CHECK_INTERVAL_MS', 5_000),
    chatPageSizeMax: int(env, 'CHAT_PAGE_SIZE_MAX', 100),
    saleStockIntervalMs,
  };
}
