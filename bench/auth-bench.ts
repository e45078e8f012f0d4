// `npm run bench:auth`: what local token verification costs at the edge, and what password hashing
// costs the event loop. Starts one edge (no auth module: the measured route never calls it), then
//   1. GET /api/v1/auth/ping with bearer tokens, and the same requests with the tokens in a header the
//      edge ignores: the ratio is the price of auth
//   2. uncached ES256 verifications per second in one process
//   3. a login storm with scrypt in piscina threads (the login rate at the production cost, N = 2^17,
//      unless AUTH_SCRYPT_COST says otherwise), then on the main thread, with event-loop delay
//   4. with the auth module started: authorization codes exchanged per second at POST /oauth/token
// prints a table and appends a dated section to docs/benchmarks.md (BENCH_REPORT=0: print only).
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { AccessTokenVerifier } from '../engine/auth/access-token-verifier.js';
import { AccountService } from '../engine/auth/account-service.js';
import { mintAccessToken } from '../engine/auth/dev-token-issuer.js';
import { LoginThrottle } from '../engine/auth/login-throttle.js';
import { createInlinePasswordHasher, createPasswordHasher } from '../engine/auth/password-hashing.js';
import { TokenIssuer } from '../engine/auth/token-issuer.js';
import { configVar, projectRoot } from '../engine/platform/config.js';
import { BUYER_TERMS, STRONG_PASSWORD } from '../test/support/auth-api.js';
import { FlashSaleFixture } from '../test/support/flash-sale-fixture.js';
import { appendReport, authFigures, COMMAND, renderTable, type AuthBenchFigures } from './auth/auth-report.js';
import { codeExchangeRate } from './auth/code-exchange.js';
import { loginStorm, type StormSetup } from './auth/login-storm.js';
import type { PingLoadSummary } from './auth/ping-load.js';
import { runPingLoad } from './auth/ping-run.js';
import { withHeartbeat } from './support/progress-ticker.js';
import { keepRun, runHeader } from './support/saved-runs.js';

const env = process.env;
const connections = configVar(env, 'BENCH_CONNECTIONS', 100);
const durationSec = configVar(env, 'BENCH_DURATION', 10);
const warmupSec = configVar(env, 'BENCH_WARMUP');
const tokenCount = configVar(env, 'BENCH_TOKENS', 1_000);
const rounds = configVar(env, 'BENCH_ROUNDS');
const logins = configVar(env, 'BENCH_LOGINS');
const stormConcurrency = configVar(env, 'BENCH_LOGIN_CONCURRENCY');
const codesPerWorker = configVar(env, 'BENCH_CODES_PER_WORKER');
const codeConcurrency = configVar(env, 'BENCH_CODE_CONCURRENCY');
const STORM_USERS = 32;
const VERIFY_SAMPLE = 2_000;

const progress = (message: string) => process.stdout.write(`[bench:auth] ${message}\n`);

async function firstSightVerifications(fx: FlashSaleFixture): Promise<number> {
  const verifier = await AccessTokenVerifier.create(fx.ns.config);
  try {
    const tokens = await Promise.all(Array.from({ length: VERIFY_SAMPLE }, (_, i) => mintAccessToken(fx.ns.config, { userId: 500_000 + i, roles: ['buyer'] })));
    const started = performance.now();
    for (const token of tokens) await verifier.verify(token);
    return VERIFY_SAMPLE / ((performance.now() - started) / 1000);
  } finally {
    verifier.close();
  }
}

async function stormSetup(fx: FlashSaleFixture, redis: Redis): Promise<StormSetup> {
  const { config } = fx.ns;
  const hasher = createPasswordHasher(config.auth);
  try {
    const throttle = new LoginThrottle(redis, config.namespace, config.auth, config.luaDir);
    const accounts = await AccountService.create({ config, db: fx.db, hasher, throttle, issuer: await TokenIssuer.create(config), announceRevoked: () => undefined });
    const emails = Array.from({ length: STORM_USERS }, (_, i) => `storm${i}@bench.example.com`);
    // a client IP per account: the registration throttle is not what is measured here
    await Promise.all(emails.map((email, i) => accounts.register({ accountType: 'buyer', email, password: STRONG_PASSWORD, name: 'Storm', acceptedPolicies: BUYER_TERMS, ip: `10.1.0.${i}` })));
    return { config, db: fx.db, redis, emails, password: STRONG_PASSWORD };
  } finally {
    await hasher.close();
  }
}

async function run(fx: FlashSaleFixture, redis: Redis): Promise<AuthBenchFigures> {
  const startedAt = new Date();
  const url = `http://127.0.0.1:${fx.ns.config.http.port}/api/v1/auth/ping`;
  const tokens = await Promise.all(Array.from({ length: tokenCount }, (_, i) => mintAccessToken(fx.ns.config, { userId: 100_000 + i, roles: ['buyer'], ttlSec: 3_600 })));
  progress(`warm-up ${warmupSec} s per load, then ${durationSec} s measured, ${connections} connections`);
  await runPingLoad({ url, connections, durationSec: warmupSec, tokens, authorize: false });
  await runPingLoad({ url, connections, durationSec: warmupSec, tokens, authorize: true });
  // alternated rounds, best of each: other processes on a shared machine disturb single runs
  const withoutAuthRuns: PingLoadSummary[] = [];
  const withAuthRuns: PingLoadSummary[] = [];
  for (let round = 1; round <= rounds; round++) {
    withoutAuthRuns.push(await runPingLoad({ url, connections, durationSec, tokens, authorize: false }));
    withAuthRuns.push(await runPingLoad({ url, connections, durationSec, tokens, authorize: true }));
    progress(`round ${round}: ${Math.round(withoutAuthRuns.at(-1)!.rps)} req/s without auth, ${Math.round(withAuthRuns.at(-1)!.rps)} req/s verified`);
  }
  const best = (runs: PingLoadSummary[]) => runs.reduce((a, b) => (b.rps > a.rps ? b : a));
  const withoutAuth = best(withoutAuthRuns);
  const withAuth = best(withAuthRuns);
  const firstSightVerifyPerSec = await withHeartbeat(progress, 'uncached verification', firstSightVerifications(fx));
  progress(`uncached verification: ${Math.round(firstSightVerifyPerSec)} /s`);

  const setup = await stormSetup(fx, redis);
  const { auth } = fx.ns.config;
  const pool = createPasswordHasher(auth);
  const piscina = await withHeartbeat(progress, `storm of ${logins} logins with piscina`, loginStorm(setup, pool, logins, stormConcurrency)).finally(() => pool.close());
  progress(`storm with piscina: ${piscina.perSec.toFixed(1)} logins/s, loop p99 ${piscina.loopDelayMs.p99} ms`);
  // hashing blocks this thread: the lines come late and few, as the loop delay it measures
  const mainThread = await withHeartbeat(progress, `storm of ${logins} logins on the main thread`, loginStorm(setup, createInlinePasswordHasher(auth), logins, stormConcurrency));
  progress(`storm on the main thread: ${mainThread.perSec.toFixed(1)} logins/s, loop p99 ${mainThread.loopDelayMs.p99} ms`);
  await fx.startRole('auth');
  const codeExchange = await withHeartbeat(progress, 'code exchange', codeExchangeRate(fx, codesPerWorker, codeConcurrency));
  progress(`code exchange: ${codeExchange.perSec.toFixed(1)} codes/s`);
  return {
    startedAt, connections, durationSec, rounds, tokens: tokenCount, scryptCost: auth.scryptCost, hashThreads: auth.hashThreads,
    withoutAuth, withAuth, firstSightVerifyPerSec, piscina, mainThread, stormConcurrency, codeExchange,
  };
}

async function main(): Promise<void> {
  progress('starting one edge on a private namespace');
  // test namespaces hash cheaply; the bench measures what production pays
  const fx = await FlashSaleFixture.start(['edge'], { AUTH_LOGIN_IP_LIMIT: '1000000', AUTH_SCRYPT_COST: String(configVar(env, 'AUTH_SCRYPT_COST')) });
  const redis = new Redis(fx.ns.config.redisUrl);
  try {
    const header = runHeader('auth', COMMAND, new Date());
    const figures = await run(fx, redis);
    process.stdout.write(`\nauth bench\n${renderTable(figures)}\n\n`);
    if (configVar(env, 'BENCH_REPORT')) {
      const file = resolve(projectRoot, 'docs/benchmarks.md');
      await appendReport(file, figures);
      progress(`appended to ${file}`);
    }
    await keepRun({ ...header, ceilings: [], loads: [], figures: authFigures(figures) }, progress);
  } finally {
    redis.disconnect();
    await fx.close();
  }
}

try {
  await main();
  process.exit(0);
} catch (err) {
  process.stderr.write(`[bench:auth] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
