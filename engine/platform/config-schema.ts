// Every environment variable the engine, its scripts, benches, bootstrap and test support read: ONE entry
// each (type, range or allowed values, default, description, the roles that read it). Roles read them
// through loadConfig (engine/platform/config.ts), which refuses to start on a value its entry does not
// allow; docs/configuration.md is generated from this table (`npm run docs:config`) and
// test/ops/configuration-reference.test.ts fails when it differs, or when a source reads a variable that
// has no entry here. To add a variable: add its entry, read it in config.ts, run `npm run docs:config`.
// Descriptions are Markdown for docs/configuration.md (links relative to docs/).
import { parseTrustedProxies } from './client-address.js';
import type { ConfigRole, Schema } from './config-vars.js';

const ENGINE: readonly ConfigRole[] = ['supervisor', 'edge', 'worker', 'scheduler', 'auth', 'orchestrator'];
const SERVICES: readonly ConfigRole[] = [...ENGINE, 'scripts'];
const EDGE: readonly ConfigRole[] = ['edge'];
const AUTH: readonly ConfigRole[] = ['auth', 'edge'];
const ORDERS: readonly ConfigRole[] = ['edge', 'orchestrator', 'scheduler'];
const PAYMENT: readonly ConfigRole[] = ['orchestrator', 'edge', 'scheduler'];
const FAKE: readonly ConfigRole[] = ['payment-gateway', 'supervisor'];
const BENCH: readonly ConfigRole[] = ['bench'];
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
const PORT = { min: 1, max: 65_535 } as const;
const isPowerOfTwo = (n: number): boolean => n >= 2 && (n & (n - 1)) === 0;
/**
 * An http(s) origin: no path (the login form and the cookies use absolute paths), query, fragment or
 * credentials; a trailing slash is dropped by the loader, since issuer identifiers compare exactly.
 */
function isOrigin(raw: string): boolean {
  if (!URL.canParse(raw)) return false;
  const url = new URL(raw);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
}

/** Each entry exactly as a browser sends `Origin` (scheme://host[:port], no path or trailing slash). */
const areOrigins = (origins: string[]): boolean => origins.every((o) => isOrigin(o) && new URL(o).origin === o);

function isProxyList(raw: string): boolean {
  try {
    parseTrustedProxies(raw);
    return true;
  } catch {
    return false;
  }
}

export const CONFIG_SCHEMA = {
  // ---- servers
  REDIS_URL: { group: 'Servers', type: 'string', default: 'redis://127.0.0.1:6379', roles: [...SERVICES, 'bench', 'bootstrap'], description: 'Redis (counters, holds, stored answers, caches)' },
  REDIS_CLUSTER_NODES: { group: 'Servers', type: 'string', default: '', roles: [...SERVICES, 'bench'], description: '`host:port,host:port,...` seeds of a Redis Cluster every role then uses (as does a `REDIS_URL` of `redis+cluster://[user:password@]host:port,...`); unset: one Redis at `REDIS_URL` ([scale-out](scale-out.md#redis-cluster))' },
  NATS_URL: { group: 'Servers', type: 'string', default: 'nats://127.0.0.1:4222', roles: [...SERVICES, 'bootstrap'], description: 'NATS with JetStream; may carry `user:password@` or `token@`; `tls://` requires TLS ([operations](operations.md#nats-credentials))' },
  NATS_CREDS_FILE: { group: 'Servers', type: 'string', default: '', roles: SERVICES, description: 'a NATS creds file (user JWT + nkey seed)' },
  NATS_CA_FILE: { group: 'Servers', type: 'string', default: '', roles: SERVICES, description: 'CA of the NATS server; set, it requires TLS' },
  AUTH_NATS_URL: { group: 'Servers', type: 'string', defaultText: '`NATS_URL`', roles: ['auth'], description: "the auth role's own NATS user, for a server that lets only it answer auth requests" },
  AUTH_NATS_CREDS_FILE: { group: 'Servers', type: 'string', defaultText: '`NATS_CREDS_FILE` when `AUTH_NATS_URL` is unset too', roles: ['auth'], description: "creds file of the auth role's own NATS user" },
  NATS_STREAM_REPLICAS: { group: 'Servers', type: 'int', default: 1, min: 1, max: 5, roles: ENGINE, description: 'replicas of the work-queue streams when they are created (`3` on a JetStream cluster)' },
  DATABASE_URL: { group: 'Servers', type: 'string', default: 'postgres://postgres@127.0.0.1:5432/gopang', roles: [...SERVICES, 'bench', 'bootstrap'], description: 'Postgres; the engine creates the database and applies the migrations at start' },
  ENGINE_NAMESPACE: { group: 'Servers', type: 'string', default: 'gopang', pattern: /^[a-z][a-z0-9_]{0,31}$/, rule: 'lower-case letters, digits and _, a letter first, at most 32 characters', roles: SERVICES, description: 'prefix of Redis keys, NATS subjects and streams (tests use their own)' },
  REDIS_COMMAND_TIMEOUT_MS: { group: 'Servers', type: 'int', default: 1_000, min: 0, roles: ENGINE, description: 'a Redis command not answered within this fails (a `503` at the edge); `0` off ([operations](operations.md#timeouts))' },
  PG_CONNECT_TIMEOUT_MS: { group: 'Servers', type: 'int', default: 3_000, min: 0, roles: ENGINE, description: 'longest wait for a Postgres connection, new or from the pool' },
  PG_STATEMENT_TIMEOUT_MS: { group: 'Servers', type: 'int', default: 5_000, min: 0, roles: ENGINE, description: '`statement_timeout` of the pools that answer requests (edge, auth role)' },
  PG_JOB_STATEMENT_TIMEOUT_MS: { group: 'Servers', type: 'int', default: 300_000, min: 0, roles: ENGINE, description: '`statement_timeout` of background work (actors, sweeps, settlement, partition maintenance, rebuilds)' },
  PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: { group: 'Servers', type: 'int', default: 30_000, min: 0, roles: ENGINE, description: 'a session idle inside a transaction this long is ended, its locks freed' },
  DATA_DIR: { group: 'Servers', type: 'string', default: '.data', roles: [...SERVICES, 'bootstrap'], description: 'local state (signing keys, review images, private services), relative to the project root' },

  // ---- production checks
  NODE_ENV: { group: 'Production checks', type: 'string', default: '', roles: ENGINE, description: '`production` refuses to start with the local fake gateway unless `PAYMENT_GATEWAY=fake`, with a Postgres superuser without a password, or with a Redis without `appendonly yes` and `maxmemory-policy noeviction` ([operations](operations.md#production-checks))' },
  PAYMENT_GATEWAY: { group: 'Production checks', type: 'enum', values: ['', 'fake'], default: '', roles: ENGINE, description: '`fake`: the local fake gateway is meant (a demo), not a forgotten `PAYMENT_GATEWAY_URL`' },
  REDIS_CONFIG_CHECK: { group: 'Production checks', type: 'enum', values: ['required', 'optional'], default: 'required', roles: ENGINE, description: '`required` refuses a Redis whose `CONFIG` cannot be read; `optional` trusts the operator then' },

  // ---- processes and HTTP
  HTTP_HOST: { group: 'Processes and HTTP', type: 'string', default: '127.0.0.1', roles: ['edge', 'supervisor', 'payment-gateway'], description: 'edge listen address (all edges share the port via `SO_REUSEPORT`)' },
  HTTP_PORT: { group: 'Processes and HTTP', type: 'int', default: 8080, ...PORT, roles: ['edge', 'supervisor'], description: 'edge listen port' },
  PUBLIC_URL: { group: 'Processes and HTTP', type: 'string', check: isOrigin, rule: 'an http(s) origin without path, query, fragment or credentials', defaultText: '`http://<HTTP_HOST>:<HTTP_PORT>`', roles: ['edge', 'auth', 'scripts'], description: 'the origin clients reach the engine at (http(s), no path): the token issuer (`iss`) and the base of the OpenID discovery document (never taken from the `Host` header); set it the same on every role' },
  EDGE_PROCESSES: { group: 'Processes and HTTP', type: 'int', default: 1, min: 1, max: 256, roles: ['supervisor'], description: 'edges `npm start` runs' },
  WORKER_PROCESSES: { group: 'Processes and HTTP', type: 'int', default: 1, min: 0, max: 256, roles: ['supervisor'], description: 'workers `npm start` runs (`0`: workers run elsewhere)' },
  PARTITIONS: { group: 'Processes and HTTP', type: 'int', default: 8, min: 1, max: 1_024, roles: ['edge', 'worker', 'orchestrator', 'scheduler', 'scripts'], description: 'partitions of tickets, holds and orders (workers lease them); the same on every role' },
  EDGE_INDEX: { group: 'Processes and HTTP', type: 'int', default: 0, min: 0, max: 255, roles: EDGE, description: "this edge's index (set by the supervisor): numbers its `/metrics` port" },
  WORKER_INDEX: { group: 'Processes and HTTP', type: 'int', default: 0, min: 0, max: 255, roles: ['worker'], description: "this worker's index (set by the supervisor): numbers its `/metrics` port only" },
  WORKER_REBALANCE_MS: { group: 'Processes and HTTP', type: 'int', default: 1_000, min: 50, roles: ['worker'], description: 'how often a worker compares its partition leases with its fair share ([scale-out](scale-out.md))' },
  METRICS_PORT_BASE: { group: 'Processes and HTTP', type: 'int', default: 9_400, min: 0, max: 65_000, roles: ENGINE, description: 'per-process `/metrics` without a token (keep private): scheduler on the base, worker i on +1+i, orchestrator on +50, auth on +60, edge i on +100+i; `0` off' },
  ATTEMPT_MAX_BODY_BYTES: { group: 'Processes and HTTP', type: 'int', default: 1_024, min: 64, roles: EDGE, description: 'body limit of the flash-sale attempt route' },
  REST_MAX_BODY_BYTES: { group: 'Processes and HTTP', type: 'int', default: 64 * 1024, min: 1_024, roles: EDGE, description: 'body limit of every other REST route' },
  UWS_HTTP_MAX_HEADERS_SIZE: { group: 'Processes and HTTP', type: 'int', default: 16_384, min: 1_024, max: 1_048_576, roles: EDGE, description: "uWS' own limit on a request's headers in bytes (`431` past it); the edge sets it when unset (uWS 20.57's default is 4096) ([supported runtimes](operations.md#supported-runtimes))" },
  CORS_ORIGINS: { group: 'Processes and HTTP', type: 'list', default: [], check: areOrigins, rule: 'comma-separated origins (scheme://host[:port], no path or trailing slash)', roles: EDGE, description: 'browser origins allowed to call the API cross-origin (preflights answered, `Vary: Origin`); empty: no CORS headers ([HTTP conventions](http.md))' },
  TRUSTED_PROXIES: { group: 'Processes and HTTP', type: 'string', default: '', check: isProxyList, rule: 'comma-separated IP addresses or CIDR ranges', roles: EDGE, description: 'peers whose `X-Forwarded-For` is believed: the client IP is the rightmost untrusted hop (IPv6 counted per /64); empty: the socket peer ([HTTP conventions](http.md))' },
  ATTEMPT_RATE_LIMIT_PER_USER_PER_SEC: { group: 'Processes and HTTP', type: 'int', default: 100, min: 0, roles: EDGE, description: 'per-user attempt limit of each edge; `0` off' },
  IP_RATE_LIMIT_PER_SEC: { group: 'Processes and HTTP', type: 'int', default: 1_000, min: 0, roles: EDGE, description: 'requests per second of one client IP to one edge, every HTTP route (`429 RATE_LIMITED`); `0` off' },
  USER_RATE_LIMIT_PER_SEC: { group: 'Processes and HTTP', type: 'int', default: 50, min: 0, roles: EDGE, description: "requests per second of one signed-in user to one edge's REST routes; `0` off" },
  IDEMPOTENCY_TTL_SEC: { group: 'Processes and HTTP', type: 'int', default: 86_400, min: 60, roles: ['edge', 'orchestrator', 'scripts'], description: 'how long stored answers to an `Idempotency-Key` live' },

  // ---- sale pipeline
  PUBLISH_BATCH_MAX: { group: 'Sale pipeline', type: 'int', default: 256, min: 1, max: 10_000, roles: ['edge', 'scheduler'], description: 'JetStream micro-batch size' },
  PUBLISH_BATCH_DELAY_MS: { group: 'Sale pipeline', type: 'int', default: 1, min: 0, max: 1_000, roles: ['edge', 'scheduler'], description: 'JetStream micro-batch flush delay of the publishes a request waits for (order intake, payments, holds)' },
  TICKET_PUBLISH_DELAY_MS: { group: 'Sale pipeline', type: 'int', default: 20, min: 0, max: 1_000, roles: ['edge', 'scheduler'], description: 'how long an admitted ticket waits for others of its partition before the publish (a full batch goes at once); nobody waits on it, the buyer has the answer' },
  WORKER_ACK_WAIT_MS: { group: 'Sale pipeline', type: 'int', default: 10_000, min: 100, roles: ['worker'], description: 'redelivery delay of an unacknowledged message' },
  WORKER_BATCH_MAX_MESSAGES: { group: 'Sale pipeline', type: 'int', default: 64, min: 1, max: 10_000, roles: ['worker'], description: 'messages per worker transaction' },
  WORKER_BATCH_LINGER_MS: { group: 'Sale pipeline', type: 'int', default: 20, min: 0, max: 1_000, roles: ['worker'], description: 'how long a flash-sale actor with fewer than `WORKER_BATCH_MAX_MESSAGES` messages waits for more before its transaction' },
  SWEEPER_INTERVAL_MS: { group: 'Sale pipeline', type: 'int', default: 1_000, min: 50, roles: ['scheduler'], description: 'how often the outbox sweeper runs' },
  SWEEPER_MIN_AGE_MS: { group: 'Sale pipeline', type: 'int', default: 3_000, min: 0, roles: ['scheduler'], description: 'an admitted ticket not durable this long is republished' },
  PARTITION_MONTHS_AHEAD: { group: 'Sale pipeline', type: 'int', default: 3, min: 1, max: 24, roles: ['scheduler'], description: 'monthly Postgres partitions created ahead' },
  PARTITION_RETENTION_MONTHS: { group: 'Sale pipeline', type: 'int', default: 12, min: 1, max: 120, roles: ['scheduler'], description: 'monthly partitions kept' },
  PARTITION_MAINTENANCE_CRON: { group: 'Sale pipeline', type: 'string', default: '15 3 * * *', pattern: /^\S+( \S+){4}$/, rule: 'a cron expression of five fields', roles: ['scheduler'], description: 'when partition maintenance runs (cron, five fields)' },
  SALE_PUSH_INTERVAL_MS: { group: 'Sale pipeline', type: 'int', default: 100, min: 1, roles: EDGE, description: 'at most one remaining-stock message per sale on `sale.<id>` per interval, all edges together ([push](push.md#what-is-published))' },

  // ---- logs and tracing
  LOG_LEVEL: { group: 'Logs and tracing', type: 'enum', values: LOG_LEVELS, default: 'info', roles: [...ENGINE, 'payment-gateway', 'scripts'], description: 'log level (`info` logs the lifecycle; `REQUEST_LOG_LEVEL` decides whether requests are logged)' },
  REQUEST_LOG_LEVEL: { group: 'Logs and tracing', type: 'enum', values: LOG_LEVELS, default: 'debug', roles: EDGE, description: 'level of the one line per request (so under the default `LOG_LEVEL=info` none are written: a line costs the hot path 4–7 µs); `info` logs them, `silent` never' },
  TRACING_EXPORTER: { group: 'Logs and tracing', type: 'enum', values: ['off', 'otlp'], default: 'off', roles: ENGINE, description: 'OpenTelemetry: `otlp` exports spans (edge → publish → worker → SQL → push)' },
  TRACE_SAMPLE_RATIO: { group: 'Logs and tracing', type: 'number', default: 1, min: 0, max: 1, roles: ENGINE, description: 'share of traces sampled' },
  OTEL_EXPORTER_OTLP_ENDPOINT: { group: 'Logs and tracing', type: 'string', default: 'http://127.0.0.1:4318', roles: ENGINE, description: 'OTLP/HTTP collector' },

  // ---- tokens and auth
  JWT_AUDIENCE: { group: 'Auth', type: 'string', default: 'gopang-api', roles: [...AUTH, 'scripts'], description: 'audience of access tokens (the issuer is `PUBLIC_URL`)' },
  JWKS_URL: { group: 'Auth', type: 'string', default: '', defaultText: 'unset: the file `<DATA_DIR>/keys/jwks.json`', roles: ['edge', 'auth'], description: 'where edges fetch the signing keys' },
  JWKS_REFRESH_MS: { group: 'Auth', type: 'int', default: 60_000, min: 0, roles: EDGE, description: 'how often the keys are re-read' },
  JWT_CLOCK_TOLERANCE_SEC: { group: 'Auth', type: 'int', default: 30, min: 0, max: 300, roles: EDGE, description: 'clock skew allowed on `exp`/`nbf`' },
  AUTH_ACCESS_TTL_SEC: { group: 'Auth', type: 'int', default: 900, min: 1, roles: AUTH, description: 'access JWT lifetime' },
  AUTH_REFRESH_TTL_SEC: { group: 'Auth', type: 'int', default: 30 * 86_400, min: 60, roles: AUTH, description: 'refresh token lifetime (30 days)' },
  AUTH_REFRESH_REUSE_GRACE_SEC: { group: 'Auth', type: 'int', default: 10, min: 0, max: 60, roles: AUTH, description: 'a just-rotated refresh token presented again this soon (two tabs, a retry) gets the same child instead of revoking the family; `0` off' },
  AUTH_SERVICE_TTL_SEC: { group: 'Auth', type: 'int', default: 300, min: 1, roles: AUTH, description: 'client-credentials JWT lifetime' },
  AUTH_SINGLE_SESSION_ROLES: { group: 'Auth', type: 'list', values: ['buyer', 'seller', 'admin', 'service', 'none'], default: ['buyer', 'seller', 'admin'], roles: AUTH, description: "a new login of these roles revokes the user's older sessions (`none` off)" },
  AUTH_REQUEST_TIMEOUT_MS: { group: 'Auth', type: 'int', default: 2_000, min: 1, roles: EDGE, description: 'how long an edge waits for the auth role before answering `503`' },
  AUTH_LOCKOUT_FAILURES: { group: 'Auth', type: 'int', default: 10, min: 1, roles: AUTH, description: 'wrong passwords that lock an account …' },
  AUTH_LOCKOUT_SEC: { group: 'Auth', type: 'int', default: 900, min: 1, roles: AUTH, description: '… for this long (counted from the first failure, renewed on the locking one)' },
  AUTH_LOGIN_IP_LIMIT: { group: 'Auth', type: 'int', default: 100, min: 1, roles: AUTH, description: 'login attempts per client IP …' },
  AUTH_LOGIN_IP_WINDOW_SEC: { group: 'Auth', type: 'int', default: 60, min: 1, roles: AUTH, description: '… per window' },
  AUTH_REGISTER_IP_LIMIT: { group: 'Auth', type: 'int', default: 10, min: 1, roles: AUTH, description: 'registrations per client IP (each costs a scrypt hash) … ([auth](auth.md#passwords))' },
  AUTH_REGISTER_IP_WINDOW_SEC: { group: 'Auth', type: 'int', default: 600, min: 1, roles: AUTH, description: '… per window' },
  AUTH_SCRYPT_COST: { group: 'Auth', type: 'int', default: 2 ** 17, min: 2, max: 2 ** 24, check: isPowerOfTwo, rule: 'a power of two from 2 to 16777216', roles: [...AUTH, 'bench'], description: "scrypt N with r=8, p=1 (2^17: OWASP's minimum, 128 MiB per computation); stored hashes of other parameters are replaced at their next login" },
  AUTH_HASH_THREADS: { group: 'Auth', type: 'int', min: 1, max: 256, defaultText: 'cores − 1, at least 1', roles: ['auth'], description: 'threads hashing passwords (one core stays free for the event loop)' },
  AUTH_HASH_QUEUE_MAX: { group: 'Auth', type: 'int', min: 0, defaultText: '2 × `AUTH_HASH_THREADS`', roles: ['auth'], description: 'password computations waiting for a thread; past it `503 AUTH_BUSY` at once' },
  AUTH_CODE_TTL_SEC: { group: 'Auth', type: 'int', default: 60, min: 1, max: 600, roles: AUTH, description: 'OAuth authorization code lifetime (single use)' },
  AUTH_SSO_TTL_SEC: { group: 'Auth', type: 'int', default: 86_400, min: 60, roles: AUTH, description: 'OAuth sign-in session (the cookie that skips the login form)' },
  AUTH_PASSWORD_RESET_TTL_SEC: { group: 'Auth', type: 'int', default: 1_800, min: 1, roles: AUTH, description: 'how long a password-reset token works (single use) ([auth](auth.md#account-recovery))' },
  AUTH_PASSWORD_RESET_IP_LIMIT: { group: 'Auth', type: 'int', default: 20, min: 1, roles: AUTH, description: 'password-reset requests per client IP (`429` beyond) …' },
  AUTH_PASSWORD_RESET_IP_WINDOW_SEC: { group: 'Auth', type: 'int', default: 3_600, min: 1, roles: AUTH, description: '… per window' },
  AUTH_PASSWORD_RESET_EMAIL_LIMIT: { group: 'Auth', type: 'int', default: 3, min: 1, roles: AUTH, description: 'reset mails per e-mail address (more are answered alike, nothing sent) …' },
  AUTH_PASSWORD_RESET_EMAIL_WINDOW_SEC: { group: 'Auth', type: 'int', default: 3_600, min: 1, roles: AUTH, description: '… per window' },
  AUTH_SECURE_COOKIE: { group: 'Auth', type: 'bool', default: true, roles: AUTH, description: '`0` drops the `Secure` cookie attribute (plain-http local testing only)' },

  // ---- catalog and reservations
  CATALOG_EDIT_LOCK_TTL_MS: { group: 'Catalog and reservations', type: 'int', default: 30_000, min: 1, roles: EDGE, description: "how long a seller's explicit edit lock holds" },
  CATALOG_CACHE_TTL_SEC: { group: 'Catalog and reservations', type: 'int', default: 60, min: 1, roles: EDGE, description: 'Redis TTL of cached item pages and listings' },
  CATALOG_LRU_ENTRIES: { group: 'Catalog and reservations', type: 'int', default: 500, min: 0, roles: EDGE, description: 'in-process LRU size of each edge' },
  WISHLIST_MAX_ITEMS: { group: 'Catalog and reservations', type: 'int', default: 200, min: 1, roles: EDGE, description: 'items one buyer may keep in their wishlist (`409 WISHLIST_FULL` beyond)' },
  ITEM_IMAGE_DIR: { group: 'Catalog and reservations', type: 'string', defaultText: '`<DATA_DIR>/objects/items`', roles: EDGE, description: 'where item images and their thumbnails are stored (relative to the project root; shared storage when edges run on several machines) ([catalog](catalog.md))' },
  ITEM_IMAGE_MAX_BYTES: { group: 'Catalog and reservations', type: 'int', default: 5_000_000, min: 1_024, roles: EDGE, description: 'size limit of one item image (`413` beyond)' },
  ITEM_MAX_IMAGES: { group: 'Catalog and reservations', type: 'int', default: 10, min: 1, max: 100, roles: EDGE, description: 'images per item' },
  ITEM_THUMBNAIL_PX: { group: 'Catalog and reservations', type: 'int', default: 320, min: 16, max: 4_096, roles: EDGE, description: "the longer side of an item image's thumbnail (WebP)" },
  ITEM_UPLOADS_MAX_CONCURRENT: { group: 'Catalog and reservations', type: 'int', default: 8, min: 1, roles: EDGE, description: 'item image uploads one edge process receives at once (more: `503 UPLOADS_BUSY`)' },
  RESERVATION_HOLD_TTL_MS: { group: 'Catalog and reservations', type: 'int', default: 600_000, min: 1_000, roles: ['edge', 'worker', 'scheduler'], description: 'how long a `HELD` reservation lasts before it expires' },
  RESERVATION_MAX_ITEMS: { group: 'Catalog and reservations', type: 'int', default: 20, min: 1, roles: EDGE, description: 'items per reservation request' },
  RESERVATION_EXPIRY_INTERVAL_MS: { group: 'Catalog and reservations', type: 'int', default: 5_000, min: 100, roles: ['scheduler'], description: 'how often the expiry job runs' },
  RESERVATION_SWEEP_MIN_AGE_MS: { group: 'Catalog and reservations', type: 'int', default: 3_000, min: 0, roles: ['scheduler'], description: 'a `PENDING` reservation older than this is republished' },
  RESERVATION_SKU_CACHE_MS: { group: 'Catalog and reservations', type: 'int', default: 1_000, min: 0, roles: EDGE, description: "how long the intake trusts a SKU's cached lifecycle and slots" },
  RESERVATION_MAX_HELD_UNITS_PER_USER: { group: 'Catalog and reservations', type: 'int', default: 20, min: 0, roles: EDGE, description: 'units one buyer may hold at once through reservations; `0` no cap' },

  // ---- push
  WS_ALLOWED_ORIGINS: { group: 'WebSocket and chat', type: 'list', default: ['http://localhost:8080', 'http://127.0.0.1:8080'], roles: EDGE, description: '`Origin`s allowed to open `/ws`; `*` any; a request without `Origin` (native apps, servers) is always allowed' },
  WS_MAX_CONNECTIONS_PER_IP: { group: 'WebSocket and chat', type: 'int', default: 200, min: 1, roles: EDGE, description: 'per edge process' },
  WS_MAX_MESSAGES_PER_SEC: { group: 'WebSocket and chat', type: 'int', default: 20, min: 1, roles: EDGE, description: 'client messages per connection per second; more closes it (1008)' },
  WS_MAX_PAYLOAD_BYTES: { group: 'WebSocket and chat', type: 'int', default: 16 * 1024, min: 128, roles: EDGE, description: 'largest client message; larger closes the connection' },
  WS_IDLE_TIMEOUT_SEC: { group: 'WebSocket and chat', type: 'int', default: 120, min: 0, max: 960, check: (n: number) => n === 0 || n >= 8, rule: '0, or an integer from 8 to 960', roles: EDGE, description: 'no traffic for this long closes a connection; the edge pings before that (`0` off)' },
  WS_MAX_BACKPRESSURE_BYTES: { group: 'WebSocket and chat', type: 'int', default: 1024 * 1024, min: 1_024, roles: EDGE, description: 'unsent bytes a client may hold before it is dropped as a slow consumer' },
  WS_MAX_TOPICS_PER_CONNECTION: { group: 'WebSocket and chat', type: 'int', default: 64, min: 1, roles: EDGE, description: 'subscriptions one connection may hold' },
  WS_TOKEN_CHECK_INTERVAL_MS: { group: 'WebSocket and chat', type: 'int', default: 5_000, min: 100, roles: EDGE, description: 'how often connections whose token expired are closed (4001)' },
  CHAT_PAGE_SIZE_MAX: { group: 'WebSocket and chat', type: 'int', default: 100, min: 1, max: 1_000, roles: EDGE, description: 'largest chat history page' },

  // ---- payment
  PAYMENT_GATEWAY_URL: { group: 'Payment', type: 'string', default: '', defaultText: 'unset: the local fake at `http://<FAKE_GATEWAY_HOST>:<FAKE_GATEWAY_PORT>`, which the supervisor then starts', roles: [...PAYMENT, 'supervisor'], description: 'a PortOne-style payment gateway ([payments](payments.md))' },
  PAYMENT_API_KEY: { group: 'Payment', type: 'string', default: 'gopang-dev-key', roles: [...PAYMENT, ...FAKE], description: '`imp_key`; the dev default only opens the local fake' },
  PAYMENT_API_SECRET: { group: 'Payment', type: 'string', default: 'gopang-dev-secret', roles: [...PAYMENT, ...FAKE], description: '`imp_secret`; real ones come from the environment, never the repository' },
  PAYMENT_TIMEOUT_MS: { group: 'Payment', type: 'int', default: 3_000, min: 1, roles: PAYMENT, description: 'per-attempt timeout of one gateway call' },
  PAYMENT_MAX_SOCKETS: { group: 'Payment', type: 'int', default: 256, min: 1, roles: PAYMENT, description: 'keep-alive connections to the gateway per process (calls beyond wait for one)' },
  PAYMENT_MAX_ATTEMPTS: { group: 'Payment', type: 'int', default: 3, min: 1, max: 20, roles: PAYMENT, description: 'attempts per call (retryable errors only: 5xx, connection, timeout)' },
  PAYMENT_RETRY_BASE_MS: { group: 'Payment', type: 'int', default: 100, min: 0, roles: PAYMENT, description: 'first backoff ceiling; doubles per retry, full jitter' },
  PAYMENT_RETRY_MAX_MS: { group: 'Payment', type: 'int', default: 2_000, min: 0, roles: PAYMENT, description: 'cap of one backoff' },
  PAYMENT_BREAKER_FAILURES: { group: 'Payment', type: 'int', default: 5, min: 1, roles: PAYMENT, description: 'consecutive failures that open the circuit breaker' },
  PAYMENT_BREAKER_FAILURE_RATIO: { group: 'Payment', type: 'number', default: 0.5, min: 0, max: 1, roles: PAYMENT, description: 'failure ratio over the window that opens it (`0` turns it off)' },
  PAYMENT_BREAKER_WINDOW: { group: 'Payment', type: 'int', default: 20, min: 1, max: 10_000, roles: PAYMENT, description: 'calls in that window (the ratio counts from 10 calls, or the window size if smaller)' },
  PAYMENT_BREAKER_COOLDOWN_MS: { group: 'Payment', type: 'int', default: 10_000, min: 1, roles: PAYMENT, description: 'open → half-open after this long' },
  PAYMENT_BREAKER_HALF_OPEN_TRIALS: { group: 'Payment', type: 'int', default: 1, min: 1, roles: PAYMENT, description: 'trial calls let through at once while half-open' },
  PAYMENT_TOKEN_REFRESH_MARGIN_SEC: { group: 'Payment', type: 'int', default: 60, min: 0, roles: PAYMENT, description: 'a cached gateway access token is renewed this long before it expires' },
  PAYMENT_METHODS_MAX_PER_USER: { group: 'Payment', type: 'int', default: 20, min: 1, roles: EDGE, description: 'cards one user may have registered at once (`409 PAYMENT_METHOD_LIMIT` beyond)' },
  FAKE_GATEWAY_HOST: { group: 'Local fake payment gateway', type: 'string', default: '127.0.0.1', roles: [...FAKE, ...PAYMENT], description: 'where the local fake gateway listens, and the host the other roles reach it at while `PAYMENT_GATEWAY_URL` is unset (`payment-gateway` in `compose.yaml`)' },
  FAKE_GATEWAY_PORT: { group: 'Local fake payment gateway', type: 'int', default: 9_300, ...PORT, roles: [...FAKE, ...PAYMENT], description: 'its port' },
  FAKE_GATEWAY_API_KEY: { group: 'Local fake payment gateway', type: 'string', defaultText: '`PAYMENT_API_KEY`', roles: FAKE, description: 'the `imp_key` it accepts' },
  FAKE_GATEWAY_API_SECRET: { group: 'Local fake payment gateway', type: 'string', defaultText: '`PAYMENT_API_SECRET`', roles: FAKE, description: 'the `imp_secret` it accepts' },
  FAKE_GATEWAY_LATENCY_MS: { group: 'Local fake payment gateway', type: 'int', default: 0, min: 0, roles: FAKE, description: 'added to every answer (also `POST /__control` at run time)' },
  FAKE_GATEWAY_ERROR_RATE: { group: 'Local fake payment gateway', type: 'number', default: 0, min: 0, max: 1, roles: FAKE, description: 'share of requests answered HTTP 500 `{code:-1}` (transient)' },
  FAKE_GATEWAY_DECLINE_RATE: { group: 'Local fake payment gateway', type: 'number', default: 0, min: 0, max: 1, roles: FAKE, description: 'share of payments declined (status `failed`)' },
  FAKE_GATEWAY_TIMEOUT_RATE: { group: 'Local fake payment gateway', type: 'number', default: 0, min: 0, max: 1, roles: FAKE, description: 'share of requests that never answer (after doing their work)' },
  FAKE_GATEWAY_TOKEN_TTL_SEC: { group: 'Local fake payment gateway', type: 'int', default: 1_800, min: 1, roles: FAKE, description: 'access-token lifetime (PortOne: 30 minutes)' },
  FAKE_GATEWAY_SEED: { group: 'Local fake payment gateway', type: 'int', defaultText: 'unset: `Math.random`', roles: FAKE, description: 'an integer makes the injected faults reproducible' },

  // ---- orders
  ORDER_MAX_QUANTITY_PER_SKU: { group: 'Orders', type: 'int', default: 20, min: 1, roles: ORDERS, description: 'units of one SKU in one order (and one cart line)' },
  ORDER_MAX_LINES: { group: 'Orders', type: 'int', default: 50, min: 1, roles: ORDERS, description: 'lines in one order' },
  ORDER_INTAKE_BATCH_MAX: { group: 'Orders', type: 'int', default: 500, min: 1, roles: EDGE, description: 'orders in one internal intake batch (500 orders are ~90 KB of JSON: over `REST_MAX_BODY_BYTES` by default)' },
  ORDER_HOLD_TTL_MS: { group: 'Orders', type: 'int', default: 900_000, min: 1_000, roles: ORDERS, description: "how long an order's stock hold lasts before the expiry job returns it" },
  ORDER_PAYMENT_MAX_ATTEMPTS: { group: 'Orders', type: 'int', default: 5, min: 1, roles: ['orchestrator'], description: 'retryable payment failures before the order is compensated' },
  ORDER_COMPENSATION_MAX_ATTEMPTS: { group: 'Orders', type: 'int', default: 6, min: 1, roles: ['orchestrator'], description: 'failures of one compensation step before the order is `PARKED`' },
  ORDER_COMPENSATION_RETRY_DELAY_S: { group: 'Orders', type: 'int', default: 1, min: 1, roles: ['orchestrator'], description: 'pg-boss `retryDelay` (whole seconds) of a failed compensation: the k-th retry waits 2^(k-1)..2^k times it (backoff with jitter)' },
  ORDER_RETRY_BASE_MS: { group: 'Orders', type: 'int', default: 200, min: 0, roles: ['orchestrator'], description: 'first payment retry delay; doubles per attempt, with jitter' },
  ORDER_RETRY_MAX_MS: { group: 'Orders', type: 'int', default: 10_000, min: 0, roles: ['orchestrator'], description: 'cap of one payment retry delay' },
  ORDER_SAGA_CONCURRENCY: { group: 'Orders', type: 'int', default: 200, min: 1, roles: ['orchestrator'], description: 'per-order sagas (cancellations, compensations, resumed orders) one orchestrator runs at once' },
  ORDER_PAYMENT_CONCURRENCY: { group: 'Orders', type: 'int', default: 128, min: 1, roles: ['orchestrator'], description: 'payment calls one order actor (one partition) has in flight' },
  ORDER_ACTOR_GRACE_MS: { group: 'Orders', type: 'int', default: 120_000, min: 0, roles: ['orchestrator'], description: "an order an actor is paying is left to it this long before the sweep resumes it through the per-order saga (the actor's process died)" },
  ORDER_PRICE_CACHE_MS: { group: 'Orders', type: 'int', default: 1_000, min: 0, roles: EDGE, description: "how long the intake trusts a SKU's cached price and lifecycle" },
  ORDER_SWEEP_INTERVAL_MS: { group: 'Orders', type: 'int', default: 2_000, min: 50, roles: ['orchestrator'], description: 'how often the orchestrator looks for due, non-final sagas' },
  ORDER_SWEEP_MIN_IDLE_MS: { group: 'Orders', type: 'int', default: 3_000, min: 0, roles: ['orchestrator'], description: 'a saga untouched this long is picked up by the sweep' },
  ORDER_RECONCILE_GRACE_MS: { group: 'Orders', type: 'int', default: 30_000, min: 0, roles: ['orchestrator'], description: 'a payment given up after timeouts may still land: for this long its compensation asks the gateway again (by `merchant_uid`) before taking "no payment" as final' },
  SALE_PAYMENT_WINDOW_SEC: { group: 'Orders', type: 'int', default: 900, min: 1, roles: ['worker'], description: "an admitted flash-sale buyer pays the ticket's order within this long of the admission (`payBy`)" },
  ORDER_EXPIRY_INTERVAL_MS: { group: 'Orders', type: 'int', default: 1_000, min: 50, roles: ['orchestrator'], description: 'how often the orchestrator expires orders unpaid at their `payBy`' },
  ORDER_EXPIRY_BATCH: { group: 'Orders', type: 'int', default: 1_000, min: 1, roles: ['orchestrator'], description: 'orders one expiry transaction takes at most (a full batch runs the next at once)' },
  ORDER_AUTO_CONFIRM_DAYS: { group: 'Orders', type: 'int', default: 7, min: 0, roles: ['scheduler'], description: 'a delivered item its buyer has not confirmed is confirmed this many days after the delivery, then settled ([fulfilment](fulfilment.md))' },
  ORDER_AUTO_CONFIRM_INTERVAL_MS: { group: 'Orders', type: 'int', default: 600_000, min: 0, roles: ['scheduler'], description: 'how often the scheduler looks for such items; `0` never' },

  // ---- after-sale
  REVIEW_IMAGE_DIR: { group: 'After-sale', type: 'string', defaultText: '`<DATA_DIR>/objects/reviews`', roles: EDGE, description: 'where review image files are stored (relative to the project root)' },
  REVIEW_IMAGE_MAX_BYTES: { group: 'After-sale', type: 'int', default: 2_000_000, min: 1_024, roles: EDGE, description: 'size limit of one review image' },
  REVIEW_MAX_IMAGES: { group: 'After-sale', type: 'int', default: 10, min: 0, max: 100, roles: EDGE, description: 'images per review' },
  REVIEW_UPLOADS_MAX_CONCURRENT: { group: 'After-sale', type: 'int', default: 16, min: 1, roles: EDGE, description: 'review image uploads one edge process receives at once (more: `503 UPLOADS_BUSY`)' },
  SETTLEMENT_INTERVAL_MS: { group: 'After-sale', type: 'int', default: 600_000, min: 0, roles: ['scheduler'], description: "how often the scheduler's settlement job runs; `0` never (on demand only)" },

  // ---- addresses and mail
  ADDRESS_BOOK_MAX_PER_USER: { group: 'Addresses and mail', type: 'int', default: 20, min: 1, roles: EDGE, description: 'addresses one user may keep (`409 ADDRESS_BOOK_FULL` beyond; [addresses](addresses.md))' },
  MAIL_SENDER: { group: 'Addresses and mail', type: 'enum', values: ['log'], default: 'log', roles: ['scheduler', 'scripts'], description: 'how mail leaves: `log` writes each message to the scheduler\'s log (the text only outside production) ([operations](operations.md#mail-outbox))' },
  MAIL_FROM: { group: 'Addresses and mail', type: 'string', default: 'Gopang <no-reply@gopang.local>', roles: ['scheduler'], description: 'the From of every message' },
  MAIL_OUTBOX_INTERVAL_MS: { group: 'Addresses and mail', type: 'int', default: 2_000, min: 0, roles: ['scheduler'], description: 'how often the scheduler delivers pending mail; `0` never' },
  MAIL_OUTBOX_BATCH: { group: 'Addresses and mail', type: 'int', default: 50, min: 1, roles: ['scheduler'], description: 'messages one delivery run claims' },
  MAIL_OUTBOX_MAX_ATTEMPTS: { group: 'Addresses and mail', type: 'int', default: 5, min: 1, roles: ['scheduler'], description: 'failed sends of one message before it is `FAILED`' },
  MAIL_OUTBOX_CLAIM_TIMEOUT_MS: { group: 'Addresses and mail', type: 'int', default: 60_000, min: 1_000, roles: ['scheduler'], description: 'a message claimed this long ago and not marked sent (a crash) is sent again' },

  // ---- bootstrap and test support (read by scripts/bootstrap.mjs and test/support, which run before a build)
  BOOTSTRAP_FORCE_PRIVATE: { group: 'Bootstrap and tests', type: 'enum', values: ['0', '1'], default: '0', roles: ['bootstrap'], description: 'start private Redis/NATS/Postgres under `.data/services/` even when standard ones answer (the fresh-machine path)' },
  BOOTSTRAP_SKIP_BUILD: { group: 'Bootstrap and tests', type: 'enum', values: ['0', '1'], default: '0', roles: ['bootstrap'], description: 'skip the TypeScript build (`dist/` is current)' },
  ROLE_NODE_ARGS: { group: 'Bootstrap and tests', type: 'string', default: '', roles: ['tests', 'bench'], description: 'extra `node` arguments for every role a test or bench starts, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (Node refuses them in `NODE_OPTIONS`)' },
  HOSTILE_RUNS: { group: 'Bootstrap and tests', type: 'int', default: 50, min: 1, roles: ['tests'], description: 'runs of each fast-check property of the hostile fuzzers (`npm run test:hostile`)' },
  DOCS_SCREENSHOT: { group: 'Bootstrap and tests', type: 'string', defaultText: 'unset: no screenshot', roles: ['tests'], description: 'the docs-viewer browser test saves a PNG of the rendered Swagger UI to this path' },
  HOSTILE_SEED: { group: 'Bootstrap and tests', type: 'int', defaultText: 'unset: a new seed each run', roles: ['tests'], description: 'replays a fuzzer failure (the seed it printed)' },
  OAUTH_SCREENSHOT: { group: 'Bootstrap and tests', type: 'string', default: '', roles: ['tests'], description: 'a `.png` file: the OAuth browser test saves the login page there (`docs/auth-login.png`)' },
  CHROMIUM_PATH: { group: 'Bootstrap and tests', type: 'string', default: '', roles: ['tests'], description: 'the headless browser of the login-page tests (else `chromium`, `chromium-browser`, `google-chrome` on the `PATH`)' },

  // ---- benches (each bench's own defaults where they differ)
  BENCH_EDGES: { group: 'Benches', type: 'int', default: 1, min: 1, max: 64, roles: BENCH, description: 'edges of `bench:sale`' },
  BENCH_CONNECTIONS: { group: 'Benches', type: 'int', min: 1, defaultText: '`1000` (sale), `200` (reserve, scale), `100` (auth)', roles: BENCH, description: 'load-generator connections' },
  BENCH_DURATION: { group: 'Benches', type: 'int', min: 1, defaultText: '`10`; `8` (scale)', roles: BENCH, description: 'seconds measured per load target' },
  BENCH_WARMUP: { group: 'Benches', type: 'int', default: 3, min: 1, roles: BENCH, description: 'warm-up seconds before each measured run' },
  BENCH_TOKENS: { group: 'Benches', type: 'int', min: 1, defaultText: '`5000` (sale), `2000` (scale), `1000` (auth)', roles: BENCH, description: 'pre-minted buyer tokens, used round-robin' },
  BENCH_DURABILITY_TIMEOUT: { group: 'Benches', type: 'int', default: 180, min: 1, roles: BENCH, description: 'seconds to wait for every admitted ticket to be durable' },
  BENCH_EDGE_NODE_OPTIONS: { group: 'Benches', type: 'string', default: '', roles: BENCH, description: 'extra `NODE_OPTIONS` for the edge processes only' },
  BENCH_EDGE_CPU_PROFILE: { group: 'Benches', type: 'string', default: '', roles: BENCH, description: 'a directory: V8 CPU profiles of the edges during the measured runs go there' },
  BENCH_CPU_PROFILE_DIR: { group: 'Benches', type: 'string', default: '.', roles: BENCH, description: 'where the CPU-profile preload writes its profile' },
  BENCH_REPORT: { group: 'Benches', type: 'bool', default: true, roles: BENCH, description: '`0`: no dated section is appended to `docs/benchmarks.md`' },
  BENCH_GENERATOR: { group: 'Benches', type: 'enum', values: ['wrk', 'autocannon'], defaultText: '`wrk` when installed, else `autocannon`', roles: BENCH, description: 'the HTTP load generator' },
  BENCH_ROUNDS: { group: 'Benches', type: 'int', default: 2, min: 1, roles: BENCH, description: '`bench:auth`: rounds of each measurement' },
  BENCH_LOGINS: { group: 'Benches', type: 'int', default: 200, min: 1, roles: BENCH, description: '`bench:auth`: logins of the login storm' },
  BENCH_LOGIN_CONCURRENCY: { group: 'Benches', type: 'int', default: 32, min: 1, roles: BENCH, description: '`bench:auth`: logins in flight' },
  BENCH_CODES_PER_WORKER: { group: 'Benches', type: 'int', default: 50, min: 1, roles: BENCH, description: '`bench:auth`: OAuth code exchanges per worker' },
  BENCH_CODE_CONCURRENCY: { group: 'Benches', type: 'int', default: 16, min: 1, roles: BENCH, description: '`bench:auth`: code exchanges in flight' },
  BENCH_ORDERS: { group: 'Benches', type: 'int', default: 20_000, min: 1, roles: BENCH, description: '`bench:orders`: orders of each burst' },
  BENCH_BATCH_ORDERS: { group: 'Benches', type: 'int', default: 20_000, min: 1, roles: BENCH, description: '`bench:orders`: orders through the internal batch API' },
  BENCH_BATCH_SIZE: { group: 'Benches', type: 'int', default: 100, min: 1, roles: BENCH, description: '`bench:orders`: orders per batch request' },
  BENCH_BATCH_IN_FLIGHT: { group: 'Benches', type: 'int', default: 8, min: 1, roles: BENCH, description: '`bench:orders`: batch requests in flight' },
  BENCH_OPEN_RATE: { group: 'Benches', type: 'int', default: 1_000, min: 1, roles: BENCH, description: '`bench:orders`: orders per second of the open-loop run' },
  BENCH_OPEN_SEC: { group: 'Benches', type: 'int', default: 10, min: 1, roles: BENCH, description: '`bench:orders`: seconds of the open-loop run' },
  WS_BENCH_CONNECTIONS: { group: 'Benches', type: 'int', default: 50_000, min: 1, roles: BENCH, description: '`bench:ws`: WebSocket connections' },
  WS_BENCH_EDGES: { group: 'Benches', type: 'list', default: ['1', '2', '3'], roles: BENCH, description: '`bench:ws`: edge counts measured' },
  WS_BENCH_PUSHES: { group: 'Benches', type: 'int', default: 2_000, min: 1, roles: BENCH, description: '`bench:ws`: pushes per run' },
  WS_BENCH_BROADCASTS: { group: 'Benches', type: 'int', default: 3, min: 1, roles: BENCH, description: '`bench:ws`: broadcasts per run' },
  WS_BENCH_CONCURRENCY: { group: 'Benches', type: 'int', default: 200, min: 1, roles: BENCH, description: '`bench:ws`: connections opened at once' },
  WS_BENCH_FD_RAISED: { group: 'Benches', type: 'enum', values: ['0', '1'], default: '0', roles: BENCH, description: 'set by `bench:ws` itself once it re-ran under a raised open-file limit' },
  BASELINE_PORT: { group: 'Benches', type: 'int', ...PORT, defaultText: 'set by the bench', roles: BENCH, description: '`bench:compare` baseline server: its port' },
  BASELINE_KEY_PREFIX: { group: 'Benches', type: 'string', defaultText: 'set by the bench', roles: BENCH, description: 'baseline server: its Redis key prefix' },
  BASELINE_JWKS_FILE: { group: 'Benches', type: 'string', defaultText: 'set by the bench', roles: BENCH, description: 'baseline server: the keys it verifies tokens with' },
  BASELINE_JWT_ISSUER: { group: 'Benches', type: 'string', defaultText: 'set by the bench', roles: BENCH, description: 'baseline server: expected token issuer' },
  BASELINE_JWT_AUDIENCE: { group: 'Benches', type: 'string', defaultText: 'set by the bench', roles: BENCH, description: 'baseline server: expected token audience' },
  BASELINE_PG_POOL: { group: 'Benches', type: 'int', default: 20, min: 1, roles: BENCH, description: 'baseline server: Postgres pool size' },
} as const satisfies Schema;

export type ConfigName = keyof typeof CONFIG_SCHEMA;
