// The baseline server (baseline-server.ts) started next to the engine under test: same machine, same
// Redis and Postgres database (its own key prefix and schema), same buyer tokens and JWKS.
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../../engine/platform/config.js';
import { freePort } from '../../test/support/engine-processes.js';
import type { EngineUnderTest } from '../support/engine-under-test.js';
import { startListeningChild } from '../support/listening-child.js';
import { baselineKeys } from './baseline-keys.js';

export interface BaselineUnderTest {
  process: ChildProcess;
  attemptUrl(saleId: number): string;
  /** a sale in the baseline's Redis keys; ids count up from 1 */
  createSale(stock: number, perUserLimit: number): Promise<number>;
  close(): Promise<void>;
}

const SCHEMA_FILE = join(projectRoot, 'bench/baseline/baseline-schema.sql');
const SERVER_SCRIPT = fileURLToPath(new URL('./baseline-server.js', import.meta.url));

/** Needs only the namespace and a Redis client of the engine under test (tests pass a bare fixture). */
export async function startBaseline(engine: Pick<EngineUnderTest, 'fx' | 'redis'>): Promise<BaselineUnderTest> {
  const { config } = engine.fx.ns;
  await engine.fx.db.query(await readFile(SCHEMA_FILE, 'utf8'));
  const port = await freePort();
  const child = await startListeningChild(SERVER_SCRIPT, [], {
    ...process.env,
    BASELINE_PORT: String(port),
    REDIS_URL: config.redisUrl,
    DATABASE_URL: config.databaseUrl,
    // under the namespace, so removing the namespace removes them
    BASELINE_KEY_PREFIX: config.namespace,
    BASELINE_JWKS_FILE: config.jwt.jwksFile,
    BASELINE_JWT_ISSUER: config.jwt.issuer,
    BASELINE_JWT_AUDIENCE: config.jwt.audience,
  });
  let lastSaleId = 0;
  return {
    process: child,
    attemptUrl: (saleId) => `http://127.0.0.1:${port}/api/v1/sales/${saleId}/attempts`,
    async createSale(stock, perUserLimit) {
      const saleId = ++lastSaleId;
      const keys = baselineKeys(config.namespace, saleId);
      await engine.redis.mset(keys.stock, stock, keys.limit, perUserLimit);
      return saleId;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
