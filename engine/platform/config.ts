// All configuration comes from environment variables, read here once and checked against the schema of
// engine/platform/config-schema.ts (types, ranges, defaults that run locally; docs/configuration.md).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAuthConfig, type AuthConfig } from '../auth/auth-config.js';
import { loadCatalogConfig, type CatalogConfig } from '../catalog/catalog-config.js';
import { loadPushConfig, type PushConfig } from '../push/push-config.js';
import { loadPaymentConfig, type PaymentConfig } from '../payment/payment-config.js';
import { loadOrdersConfig, type OrdersConfig } from '../orders/orders-config.js';
import { loadAfterSaleConfig, type AfterSaleConfig } from '../after-sale/after-sale-config.js';
import { loadAddressConfig, type AddressConfig } from '../addresses/address-config.js';
import { loadMailConfig, type MailConfig } from '../mail/mail-config.js';
import type { NatsEndpoint } from './messaging/nats-connection.js';
import { CONFIG_SCHEMA, type ConfigName } from './config-schema.js';
import { ConfigError, readValues, readVar, type ValuesOf } from './config-vars.js';
import { log } from './log.js';

/** Project root: the engine always runs compiled, from dist/engine/platform/config.js. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface EngineConfig {
  /** Prefix of every Redis key, NATS subject and stream: lets tests and tenants share servers. */
  namespace: string;
  redisUrl: string;
  /**
   * REDIS_CLUSTER_NODES (`host:port,...`) or a `redis+cluster://[user:password@]host:port,...` REDIS_URL: the
   * seeds of a Redis Cluster every role then uses (engine/platform/redis/redis-client.ts); null for one Redis
   */
  redisCluster: RedisClusterConfig | null;
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
  publish: { batchMax: number; batchDelayMs: number; ticketDelayMs: number };
  /** `index` only numbers the worker's /metrics port; partitions are leased (workers/partitions/partition-ownership.ts) */
  worker: { ackWaitMs: number; batchMaxMessages: number; batchLingerMs: number; index: number; rebalanceMs: number };
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
  addresses: AddressConfig;
  mail: MailConfig;
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

export interface RedisClusterConfig {
  /** seeds: the client learns the other masters from them */
  nodes: { host: string; port: number }[];
  username?: string;
  password?: string;
}

export interface RedisTimeouts {
  /** REDIS_COMMAND_TIMEOUT_MS: a command not answered within this fails */
  commandTimeoutMs: number;
}

/** Every variable of the schema, validated: what the loaders below and the domains' loaders read. */
export type ConfigValues = ValuesOf<typeof CONFIG_SCHEMA>;

/**
 * One variable read alone (the benches): refused like loadConfig refuses it; `fallback`, when
 * given, replaces the schema's default (a bench's own default).
 */
export function configVar<K extends ConfigName>(env: NodeJS.ProcessEnv, name: K): ConfigValues[K];
export function configVar<K extends ConfigName>(env: NodeJS.ProcessEnv, name: K, fallback: NonNullable<ConfigValues[K]>): NonNullable<ConfigValues[K]>;
export function configVar<K extends ConfigName>(env: NodeJS.ProcessEnv, name: K, fallback?: NonNullable<ConfigValues[K]>): ConfigValues[K] {
  return readVar(CONFIG_SCHEMA, env, name, fallback);
}

/** Exit status of a refused configuration (EX_CONFIG, as the production checks use): a process manager should not just retry. */
const EX_CONFIG = 78;

/**
 * What each role's entry file loads its configuration with: a refused variable is one log line naming
 * every one (variable, value, what is allowed), then exit 78, instead of a stack trace.
 */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    log('error', `refusing to start: ${err.message}`, { problems: err.problems });
    process.exit(EX_CONFIG);
  }
}

/** Every role's configuration: a ConfigError names each variable whose value the schema does not allow. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const v = readValues(CONFIG_SCHEMA, env);
  const dataDir = resolve(projectRoot, v.DATA_DIR);
  const host = v.HTTP_HOST;
  const port = v.HTTP_PORT;
  // the schema allows only an origin; URL.origin drops a trailing slash (issuer identifiers compare exactly)
  const publicUrl = new URL(v.PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).origin;
  const nats: NatsEndpoint = { url: v.NATS_URL, credsFile: v.NATS_CREDS_FILE, caFile: v.NATS_CA_FILE };
  const ownAuthUser = v.AUTH_NATS_URL !== undefined || v.AUTH_NATS_CREDS_FILE !== undefined;
  return {
    namespace: v.ENGINE_NAMESPACE,
    redisUrl: v.REDIS_URL,
    redisCluster: redisClusterOf(v.REDIS_CLUSTER_NODES, v.REDIS_URL),
    nats,
    authNats: ownAuthUser ? { ...nats, url: v.AUTH_NATS_URL ?? nats.url, credsFile: v.AUTH_NATS_CREDS_FILE ?? '' } : nats,
    natsStreamReplicas: v.NATS_STREAM_REPLICAS,
    databaseUrl: v.DATABASE_URL,
    postgres: {
      connectTimeoutMs: v.PG_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: v.PG_STATEMENT_TIMEOUT_MS,
      jobStatementTimeoutMs: v.PG_JOB_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: v.PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    redis: { commandTimeoutMs: v.REDIS_COMMAND_TIMEOUT_MS },
    dataDir,
    luaDir: resolve(projectRoot, 'lua'),
    http: {
      host,
      port,
      maxBodyBytes: v.ATTEMPT_MAX_BODY_BYTES,
      restMaxBodyBytes: v.REST_MAX_BODY_BYTES,
      corsOrigins: [...v.CORS_ORIGINS],
      trustedProxies: v.TRUSTED_PROXIES,
    },
    processes: { edges: v.EDGE_PROCESSES, workers: v.WORKER_PROCESSES },
    metricsPortBase: v.METRICS_PORT_BASE,
    edgeIndex: v.EDGE_INDEX,
    partitions: v.PARTITIONS,
    publicUrl,
    jwt: {
      issuer: publicUrl,
      audience: v.JWT_AUDIENCE,
      jwksFile: resolve(dataDir, 'keys/jwks.json'),
      jwksUrl: v.JWKS_URL,
      jwksRefreshMs: v.JWKS_REFRESH_MS,
      clockToleranceSec: v.JWT_CLOCK_TOLERANCE_SEC,
    },
    idempotencyTtlSec: v.IDEMPOTENCY_TTL_SEC,
    attemptRateLimitPerSec: v.ATTEMPT_RATE_LIMIT_PER_USER_PER_SEC,
    ipRateLimitPerSec: v.IP_RATE_LIMIT_PER_SEC,
    userRateLimitPerSec: v.USER_RATE_LIMIT_PER_SEC,
    publish: { batchMax: v.PUBLISH_BATCH_MAX, batchDelayMs: v.PUBLISH_BATCH_DELAY_MS, ticketDelayMs: v.TICKET_PUBLISH_DELAY_MS },
    worker: {
      ackWaitMs: v.WORKER_ACK_WAIT_MS,
      batchMaxMessages: v.WORKER_BATCH_MAX_MESSAGES,
      batchLingerMs: v.WORKER_BATCH_LINGER_MS,
      index: v.WORKER_INDEX,
      rebalanceMs: v.WORKER_REBALANCE_MS,
    },
    sweeper: { intervalMs: v.SWEEPER_INTERVAL_MS, minAgeMs: v.SWEEPER_MIN_AGE_MS },
    partitionMaintenance: {
      monthsAhead: v.PARTITION_MONTHS_AHEAD,
      retentionMonths: v.PARTITION_RETENTION_MONTHS,
      cron: v.PARTITION_MAINTENANCE_CRON,
    },
    logLevel: v.LOG_LEVEL,
    tracing: { exporter: v.TRACING_EXPORTER, sampleRatio: v.TRACE_SAMPLE_RATIO, otlpEndpoint: v.OTEL_EXPORTER_OTLP_ENDPOINT },
    auth: loadAuthConfig(v),
    catalog: loadCatalogConfig(v, dataDir),
    push: loadPushConfig(v),
    payment: loadPaymentConfig(v),
    orders: loadOrdersConfig(v),
    afterSale: loadAfterSaleConfig(v, dataDir),
    addresses: loadAddressConfig(v),
    mail: loadMailConfig(v),
    production: {
      enabled: v.NODE_ENV === 'production',
      fakeGatewayMeant: v.PAYMENT_GATEWAY === 'fake',
      redisConfigCheck: v.REDIS_CONFIG_CHECK,
    },
  };
}

const CLUSTER_URL = /^redis\+cluster:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#@]+)\/?$/;

/** The cluster seeds of REDIS_CLUSTER_NODES, else of a redis+cluster:// REDIS_URL; null when neither names one. */
export function redisClusterOf(nodes: string, url: string): RedisClusterConfig | null {
  if (nodes !== '') return { nodes: nodes.split(',').map((seed) => redisNodeOf('REDIS_CLUSTER_NODES', seed)) };
  if (!url.startsWith('redis+cluster:')) return null;
  const match = CLUSTER_URL.exec(url);
  if (!match) throw new ConfigError([`REDIS_URL must read redis+cluster://[user:password@]host:port,host:port..., got "${url}"`]);
  const [, username, password, seeds] = match;
  return {
    nodes: seeds.split(',').map((seed) => redisNodeOf('REDIS_URL', seed)),
    ...(username ? { username: decodeURIComponent(username) } : {}),
    ...(password ? { password: decodeURIComponent(password) } : {}),
  };
}

function redisNodeOf(name: string, seed: string): { host: string; port: number } {
  const match = /^\s*(\[[^\]]+\]|[^:\s]+):(\d{1,5})\s*$/.exec(seed);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65_535) throw new ConfigError([`${name} must list host:port seeds separated by commas, got "${seed}"`]);
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

