// All configuration comes from environment variables, read here once, with defaults that run locally.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAuthConfig, type AuthConfig } from '../auth/auth-config.js';
import { loadCatalogConfig, type CatalogConfig } from '../catalog/catalog-config.js';
import { loadPushConfig, type PushConfig } from '../push/push-config.js';
import { loadPaymentConfig, type PaymentConfig } from '../payment/payment-config.js';
import { loadOrdersConfig, type OrdersConfig } from '../orders/orders-config.js';
import { loadAfterSaleConfig, type AfterSaleConfig } from '../after-sale/after-sale-config.js';
import type { NatsEndpoint } from './messaging/nats-connection.js';
import { parseTrustedProxies } from './client-address.js';

/** Project root: the engine always runs compiled, from dist/engine/platform/config.js. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface EngineConfig {
  /** Prefix of every Redis key, NATS subject and stream: lets tests and tenants share servers. */
  namespace: string;
  redisUrl: string;
  /** NATS_URL (may carry credentials), NATS_CREDS_FILE, NATS_CA_FILE: how this process reaches NATS */
  nats: NatsEndpoint;
  /**
   * The auth role's own NATS user (AUTH_NATS_URL, AUTH_NATS_CREDS_FILE; `nats` when neither is set): on a
   * server with per-role permissions only it may answer auth requests (docs/operations.md, "NATS credentials").
   */
  authNats: NatsEndpoint;
  /** replicas of the work-queue streams when they are created: 1 on one server, 3 on a JetStream cluster */
  natsStreamReplicas: number;
  databaseUrl: string;
  /** bounds of every Postgres pool (engine/platform/db/pool.ts), so a stalled server answers fast errors */
  postgres: PostgresTimeouts;
  /** bounds of every role's Redis client (engine/platform/redis/redis-client.ts) */
  redis: RedisTimeouts;
  dataDir: string;
  luaDir: string;
  http: {
    host: string; port: number; maxBodyBytes: number; restMaxBodyBytes: number;
    /** CORS_ORIGINS: origins allowed to call the API from a browser (docs/http.md); empty = no CORS headers */
    corsOrigins: string[];
    /** TRUSTED_PROXIES: IPs/CIDRs whose X-Forwarded-For names the client (engine/platform/client-address.ts) */
    trustedProxies: string;
  };
  processes: { edges: number; workers: number };
  /**
   * Per-process /metrics ports (edges share the HTTP port, so a scrape there reaches a random edge):
   * scheduler on the base, worker i on base + 1 + i, edge i on base + 100 + i; 0 turns them off.
   */
  metricsPortBase: number;
  /** this edge's index among the edges (set by the supervisor) */
  edgeIndex: number;
  partitions: number;
  /**
   * The URL clients reach the engine at (PUBLIC_URL, default the edge's listen address): the OAuth/OIDC
   * issuer and the base of every discovery URL, never taken from a request's Host header.
   */
  publicUrl: string;
  jwt: { issuer: string; audience: string; jwksFile: string; jwksUrl: string; jwksRefreshMs: number; clockToleranceSec: number };
  idempotencyTtlSec: number;
  attemptRateLimitPerSec: number;
  /** requests per second of one client IP to one edge, every HTTP route; 0 = off */
  ipRateLimitPerSec: number;
  /** requests per second of one signed-in user to one edge's REST routes; 0 = off */
  userRateLimitPerSec: number;
  publish: { batchMax: number; batchDelayMs: number };
  /** `index` only numbers the worker's /metrics port; partitions are leased (workers/partitions/partition-ownership.ts) */
  worker: { ackWaitMs: number; batchMaxMessages: number; index: number; rebalanceMs: number };
  sweeper: { intervalMs: number; minAgeMs: number };
  partitionMaintenance: { monthsAhead: number; retentionMonths: number; cron: string };
  logLevel: string;
  /** OpenTelemetry: off by default; `otlp` exports to OTEL_EXPORTER_OTLP_ENDPOINT */
  tracing: { exporter: 'off' | 'otlp'; sampleRatio: number; otlpEndpoint: string };
  auth: AuthConfig;
  catalog: CatalogConfig;
  push: PushConfig;
  payment: PaymentConfig;
  orders: OrdersConfig;
  afterSale: AfterSaleConfig;
  production: ProductionConfig;
}

/** What engine/platform/production-checks.ts refuses when NODE_ENV=production. */
export interface ProductionConfig {
  /** NODE_ENV=production */
  enabled: boolean;
  /** PAYMENT_GATEWAY=fake: the local fake gateway is meant (a demo), not a forgotten PAYMENT_GATEWAY_URL */
  fakeGatewayMeant: boolean;
  /** REDIS_CONFIG_CHECK: `required` refuses a Redis whose CONFIG cannot be read; `optional` trusts the operator then */
  redisConfigCheck: 'required' | 'optional';
}

export interface PostgresTimeouts {
  /** PG_CONNECT_TIMEOUT_MS: longest wait for a connection, new or from the pool */
  connectTimeoutMs: number;
  /** PG_STATEMENT_TIMEOUT_MS: statement_timeout of the pools that answer requests (edge, auth role) */
  statementTimeoutMs: number;
  /** PG_JOB_STATEMENT_TIMEOUT_MS: statement_timeout of background work (actors, sweeps, settlement, partition maintenance, rebuilds) */
  jobStatementTimeoutMs: number;
  /** PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: a session idle inside a transaction this long is ended, its locks freed */
  idleInTransactionTimeoutMs: number;
}

export interface RedisTimeouts {
  /** REDIS_COMMAND_TIMEOUT_MS: a command not answered within this fails */
  commandTimeoutMs: number;
}

export function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

export function ratio(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value >= 0 && value <= 1)) throw new Error(`${name} must be a number from 0 to 1, got "${raw}"`);
  return value;
}

export function str(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const dataDir = resolve(projectRoot, str(env, 'DATA_DIR', '.data'));
  const namespace = str(env, 'ENGINE_NAMESPACE', 'gopang');
  const host = str(env, 'HTTP_HOST', '127.0.0.1');
  const port = int(env, 'HTTP_PORT', 8080);
  const publicUrl = publicUrlOf(str(env, 'PUBLIC_URL', `http://${host.includes(':') ? `[${host}]` : host}:${port}`));
  if (!/^[a-z][a-z0-9_]{0,31}$/.test(namespace)) throw new Error('ENGINE_NAMESPACE must match [a-z][a-z0-9_]{0,31}');
  const nats: NatsEndpoint = {
    url: str(env, 'NATS_URL', 'nats://127.0.0.1:4222'),
    credsFile: str(env, 'NATS_CREDS_FILE', ''),
    caFile: str(env, 'NATS_CA_FILE', ''),
  };
  const ownAuthUser = str(env, 'AUTH_NATS_URL', '') !== '' || str(env, 'AUTH_NATS_CREDS_FILE', '') !== '';
  return {
    namespace,
    redisUrl: str(env, 'REDIS_URL', 'redis://127.0.0.1:6379'),
    nats,
    authNats: ownAuthUser ? { ...nats, url: str(env, 'AUTH_NATS_URL', nats.url), credsFile: str(env, 'AUTH_NATS_CREDS_FILE', '') } : nats,
    natsStreamReplicas: int(env, 'NATS_STREAM_REPLICAS', 1),
    databaseUrl: str(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/gopang'),
    postgres: {
      connectTimeoutMs: int(env, 'PG_CONNECT_TIMEOUT_MS', 3_000),
      statementTimeoutMs: int(env, 'PG_STATEMENT_TIMEOUT_MS', 5_000),
      jobStatementTimeoutMs: int(env, 'PG_JOB_STATEMENT_TIMEOUT_MS', 300_000),
      idleInTransactionTimeoutMs: int(env, 'PG_IDLE_IN_TRANSACTION_TIMEOUT_MS', 30_000),
    },
    redis: { commandTimeoutMs: int(env, 'REDIS_COMMAND_TIMEOUT_MS', 1_000) },
    dataDir,
    luaDir: resolve(projectRoot, 'lua'),
    http: {
      host,
      port,
      maxBodyBytes: int(env, 'ATTEMPT_MAX_BODY_BYTES', 1024),
      restMaxBodyBytes: int(env, 'REST_MAX_BODY_BYTES', 64 * 1024),
      corsOrigins: corsOriginsOf(str(env, 'CORS_ORIGINS', '')),
      trustedProxies: trustedProxiesOf(str(env, 'TRUSTED_PROXIES', '')),
    },
    processes: { edges: int(env, 'EDGE_PROCESSES', 1), workers: int(env, 'WORKER_PROCESSES', 1) },
    metricsPortBase: int(env, 'METRICS_PORT_BASE', 9400),
    edgeIndex: int(env, 'EDGE_INDEX', 0),
    partitions: int(env, 'PARTITIONS', 8),
    publicUrl,
    jwt: {
      issuer: publicUrl,
      audience: str(env, 'JWT_AUDIENCE', 'gopang-api'),
      jwksFile: resolve(dataDir, 'keys/jwks.json'),
      jwksUrl: str(env, 'JWKS_URL', ''),
      jwksRefreshMs: int(env, 'JWKS_REFRESH_MS', 60_000),
      clockToleranceSec: int(env, 'JWT_CLOCK_TOLERANCE_SEC', 30),
    },
    idempotencyTtlSec: int(env, 'IDEMPOTENCY_TTL_SEC', 86_400),
    attemptRateLimitPerSec: int(env, 'ATTEMPT_RATE_LIMIT_PER_USER_PER_SEC', 100),
    ipRateLimitPerSec: int(env, 'IP_RATE_LIMIT_PER_SEC', 1000),
    userRateLimitPerSec: int(env, 'USER_RATE_LIMIT_PER_SEC', 50),
    publish: { batchMax: int(env, 'PUBLISH_BATCH_MAX', 256), batchDelayMs: int(env, 'PUBLISH_BATCH_DELAY_MS', 1) },
    worker: {
      ackWaitMs: int(env, 'WORKER_ACK_WAIT_MS', 10_000),
      batchMaxMessages: int(env, 'WORKER_BATCH_MAX_MESSAGES', 64),
      index: int(env, 'WORKER_INDEX', 0),
      rebalanceMs: int(env, 'WORKER_REBALANCE_MS', 1_000),
    },
    sweeper: { intervalMs: int(env, 'SWEEPER_INTERVAL_MS', 1_000), minAgeMs: int(env, 'SWEEPER_MIN_AGE_MS', 3_000) },
    partitionMaintenance: {
      monthsAhead: int(env, 'PARTITION_MONTHS_AHEAD', 3),
      retentionMonths: int(env, 'PARTITION_RETENTION_MONTHS', 12),
      cron: str(env, 'PARTITION_MAINTENANCE_CRON', '15 3 * * *'),
    },
    logLevel: str(env, 'LOG_LEVEL', 'info'),
    tracing: {
      exporter: str(env, 'TRACING_EXPORTER', 'off') === 'otlp' ? 'otlp' : 'off',
      sampleRatio: ratio(env, 'TRACE_SAMPLE_RATIO', 1),
      otlpEndpoint: str(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:4318'),
    },
    auth: loadAuthConfig(env),
    catalog: loadCatalogConfig(env),
    push: loadPushConfig(env),
    payment: loadPaymentConfig(env),
    orders: loadOrdersConfig(env),
    afterSale: loadAfterSaleConfig(env, dataDir),
    production: {
      enabled: env.NODE_ENV === 'production',
      fakeGatewayMeant: oneOf(env, 'PAYMENT_GATEWAY', ['', 'fake']) === 'fake',
      redisConfigCheck: oneOf(env, 'REDIS_CONFIG_CHECK', ['required', 'optional']),
    },
  };
}

/** One of `allowed` (the first when unset). */
function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[]): T {
  const value = env[name] ?? '';
  const chosen = value === '' ? allowed[0] : allowed.find((a) => a === value);
  if (chosen === undefined) throw new Error(`${name} must be one of ${allowed.filter(Boolean).join(', ')} (or unset), got "${value}"`);
  return chosen;
}

/**
 * An origin: http(s), no path (the login form and the cookies use absolute paths), query or fragment;
 * no trailing slash, since issuer identifiers compare exactly.
 */
function publicUrlOf(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`PUBLIC_URL must be an absolute URL, got "${raw}"`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new Error(`PUBLIC_URL must be an http(s) origin without path, query, fragment or credentials, got "${raw}"`);
  }
  return url.origin;
}

/** CORS_ORIGINS: comma-separated origins, each exactly as a browser sends it (scheme://host[:port]). */
function corsOriginsOf(raw: string): string[] {
  return raw.split(',').map((o) => o.trim()).filter(Boolean).map((origin) => {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed?.origin !== origin) throw new Error(`CORS_ORIGINS: "${origin}" is not an origin (scheme://host[:port], no path or trailing slash)`);
    return origin;
  });
}

/** TRUSTED_PROXIES, checked at start (a typo must not silently trust nobody). */
function trustedProxiesOf(raw: string): string {
  parseTrustedProxies(raw);
  return raw;
}
