// Issue #15 finding 7, its production part: an engine deployed with laptop settings kept running. With
// NODE_ENV=production every role (and the `npm start` supervisor) refuses to start, saying why, when
// payments would go to the local fake gateway without PAYMENT_GATEWAY=fake, when it connects to Postgres
// as a superuser without a password, or when Redis may lose or evict its data (no AOF, an eviction
// policy, or a CONFIG it cannot read). Private Redis/Postgres, so their settings can be changed here.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { ensureSigningKeys } from '../../engine/auth/signing-keys.js';
import { freePort, runRoleToExit, startRole, type RoleName } from '../support/engine-processes.js';
import { PrivateServices } from '../support/private-services.js';
import { createTestNamespace, type TestNamespace } from '../support/test-namespace.js';

const everyRole: RoleName[] = ['supervisor', 'edge', 'worker', 'scheduler', 'auth', 'orchestrator'];
const REFUSAL = 'refusing to start in production';

describe('hostile - production refuses unsafe settings (integration, private Redis/NATS/Postgres)', () => {
  let services: PrivateServices;
  let ns: TestNamespace;
  let redis: Redis;

  before(async () => {
    services = await PrivateServices.start();
    const withPassword = new URL(services.postgres.url);
    withPassword.password = 'app-secret'; // the private server trusts every local connection: any password does
    ns = await createTestNamespace({ ...services.env(), DATABASE_URL: withPassword.toString(), HTTP_PORT: String(await freePort()) });
    await ensureSigningKeys(ns.config.dataDir);
    redis = new Redis(services.redis.url);
  });
  after(async () => {
    redis?.disconnect();
    await ns?.cleanup();
    await services?.close();
  });
  beforeEach(async () => {
    await redis.config('SET', 'appendonly', 'yes');
    await redis.config('SET', 'maxmemory-policy', 'noeviction');
  });

  /** Production with everything in order: a password, AOF, noeviction, and the fake gateway named on purpose. */
  const production = (overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...ns.env, NODE_ENV: 'production', PAYMENT_GATEWAY: 'fake', ...overrides });

  async function assertRefused(role: RoleName, env: NodeJS.ProcessEnv, reason: string): Promise<void> {
    const { code, output } = await runRoleToExit(role, env);
    assert.equal(code, 78, `${role} exits with EX_CONFIG`);
    // the structured log line's message, quotes unescaped
    const said = output.split('\n').filter((line) => line.includes(REFUSAL)).map((line) => (JSON.parse(line) as { msg: string }).msg);
    assert.ok(said.length === 1 && said[0].includes(reason), `${role} says "${REFUSAL}" and "${reason}":\n${output}`);
  }

  it('production - a safe setup starts', async () => {
    const edge = await startRole('edge', production());
    await edge.stop();
  });

  it('production - every role refuses the local fake payment gateway unless PAYMENT_GATEWAY=fake says it is meant', async () => {
    for (const role of everyRole) await assertRefused(role, production({ PAYMENT_GATEWAY: '' }), 'PAYMENT_GATEWAY_URL is unset');
  });

  it('production - a Postgres superuser without a password is refused', async () => {
    await assertRefused('edge', production({ DATABASE_URL: ns.config.databaseUrl.replace(':app-secret@', '@') }), 'superuser "postgres" without a password');
  });

  it('production - a Redis without AOF is refused', async () => {
    await redis.config('SET', 'appendonly', 'no');
    await assertRefused('edge', production(), 'appendonly is "no"');
  });

  it('production - a Redis that may evict keys is refused', async () => {
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await assertRefused('edge', production(), 'maxmemory-policy is "allkeys-lru"');
  });

  it('production - a Redis whose CONFIG is not available is refused, unless REDIS_CONFIG_CHECK=optional vouches for it', async () => {
    // what a managed Redis does: the engine's user may run everything but CONFIG
    await redis.call('ACL', 'SETUSER', 'engine', 'on', '>engine-secret', '~*', '&*', '+@all', '-config');
    const url = new URL(services.redis.url);
    url.username = 'engine';
    url.password = 'engine-secret';
    await assertRefused('edge', production({ REDIS_URL: url.toString() }), 'CONFIG GET is not available');
    const edge = await startRole('edge', production({ REDIS_URL: url.toString(), REDIS_CONFIG_CHECK: 'optional' }));
    await edge.stop();
  });
});
