// With NODE_ENV=production every role refuses to start on settings meant for a laptop (issue #15
// finding 7): payments going to the local fake gateway by omission, a Postgres superuser reached without
// a password, a Redis (any master of a cluster) that may lose (no AOF) or evict (an eviction policy) counters, holds and stored
// answers. Each role runs the checks first, before it touches anything; the refusal is one log line
// naming every problem, then exit status 78 (EX_CONFIG: a process manager should not just retry).
import type { Redis } from 'ioredis';
import pg from 'pg';
import type { EngineConfig } from './config.js';
import { maintenanceDatabaseUrl } from './db/migrate.js';
import { isUndefinedDatabase } from './db/pg-errors.js';
import { log } from './log.js';
import { createRedis, masters } from './redis/redis-client.js';

const EX_CONFIG = 78;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

function gatewayProblems(config: EngineConfig): string[] {
  if (!config.payment.usesLocalFake || config.production.fakeGatewayMeant) return [];
  return ['payments would go to the local fake gateway (PAYMENT_GATEWAY_URL is unset): set PAYMENT_GATEWAY_URL, or PAYMENT_GATEWAY=fake for a demo'];
}

/** Whether the role DATABASE_URL connects as is a superuser, and whether pg sends a password (URL or PGPASSWORD). */
async function postgresRole(databaseUrl: string, connectTimeoutMs: number): Promise<{ user: string; superuser: boolean; password: boolean }> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: connectTimeoutMs });
  client.on('error', () => {}); // a connection lost during the check fails its query
  try {
    await client.connect();
    const { rows } = await client.query<{ user: string; superuser: boolean }>(
      'SELECT current_user AS user, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user',
    );
    return { ...rows[0], password: Boolean(client.password) };
  } finally {
    await client.end().catch(() => {});
  }
}

async function postgresProblems(config: EngineConfig): Promise<string[]> {
  const { databaseUrl, postgres } = config;
  let role;
  try {
    role = await postgresRole(databaseUrl, postgres.connectTimeoutMs).catch((err: unknown) => {
      // the first start creates the database (prepareDatabase): ask on the maintenance database then
      if (isUndefinedDatabase(err)) return postgresRole(maintenanceDatabaseUrl(databaseUrl), postgres.connectTimeoutMs);
      throw err;
    });
  } catch (err) {
    return [`Postgres: cannot check the role DATABASE_URL connects as (${messageOf(err)})`];
  }
  if (!role.superuser || role.password) return [];
  return [`Postgres: DATABASE_URL connects as superuser "${role.user}" without a password: use a role without SUPERUSER, or one that needs a password`];
}

async function redisProblems(config: EngineConfig): Promise<string[]> {
  // one attempt: the check must not wait for a Redis that is not there
  const redis = createRedis(config, { lazyConnect: true, reconnect: false, maxRetriesPerRequest: 0 });
  redis.on('error', () => {}); // a failed connect rejects connect() below
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    return [`Redis: cannot connect to check its configuration (${messageOf(err)})`];
  }
  try {
    // on a cluster every master keeps its own slots' counters: each must keep them
    const nodes = masters(redis);
    const problems = await Promise.all(nodes.map((node) => redisNodeProblems(node, nodes.length > 1 ? `Redis ${node.options.host}:${node.options.port}` : 'Redis')));
    return problems.flat();
  } catch (err) {
    // managed services often disable CONFIG; the operator can vouch for the settings instead
    if (config.production.redisConfigCheck === 'optional') {
      log('warn', 'Redis CONFIG GET is not available: trusting REDIS_CONFIG_CHECK=optional for appendonly yes and maxmemory-policy noeviction', { err });
      return [];
    }
    return [
      `Redis: CONFIG GET is not available (${messageOf(err)}), so AOF and the eviction policy cannot be checked: ` +
        'make sure of appendonly yes and maxmemory-policy noeviction, then set REDIS_CONFIG_CHECK=optional',
    ];
  } finally {
    redis.disconnect();
  }
}

async function redisNodeProblems(node: Redis, name: string): Promise<string[]> {
  const [[, appendonly], [, policy]] = (await Promise.all([
    node.config('GET', 'appendonly'),
    node.config('GET', 'maxmemory-policy'),
  ])) as [string, string][];
  const problems: string[] = [];
  if (appendonly !== 'yes') problems.push(`${name}: appendonly is "${appendonly}": a restart loses the admissions, holds and answers since the last snapshot; set appendonly yes`);
  if (policy !== 'noeviction') problems.push(`${name}: maxmemory-policy is "${policy}": under memory pressure Redis drops counters, holds and stored answers; set noeviction`);
  return problems;
}

/** Every reason this configuration must not run in production; empty when it may. */
export async function productionProblems(config: EngineConfig): Promise<string[]> {
  const [postgres, redis] = await Promise.all([postgresProblems(config), redisProblems(config)]);
  return [...gatewayProblems(config), ...postgres, ...redis];
}

/** With NODE_ENV=production: logs every problem and exits (status 78) when there is any. */
export async function refuseUnsafeProduction(config: EngineConfig): Promise<void> {
  if (!config.production.enabled) return;
  const problems = await productionProblems(config);
  if (problems.length === 0) return;
  log('error', `refusing to start in production: ${problems.join('; ')}`, { problems });
  process.exit(EX_CONFIG);
}
