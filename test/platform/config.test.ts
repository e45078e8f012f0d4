// The configuration schema refuses what it does not allow, naming the variable, the value and what is
// allowed (issue #19: `PARTITIONS=0` was accepted), and every role refuses it at start (exit 78).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CONFIG_SCHEMA } from '../../engine/platform/config-schema.js';
import { ConfigError, parseValue, readValues, type Schema } from '../../engine/platform/config-vars.js';
import { configVar, loadConfig, projectRoot } from '../../engine/platform/config.js';

/** The ConfigError loadConfig throws for `env`, its problems joined. */
function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.problems.join('\n');
  }
  assert.fail(`accepted ${JSON.stringify(env)}`);
}

describe('configuration schema', () => {
  it('config - defaults run: every entry with a default reads it when unset or empty', () => {
    const config = loadConfig({});
    assert.equal(config.partitions, 8);
    assert.equal(config.http.port, 8080);
    assert.equal(config.auth.scryptCost, 2 ** 17);
    assert.equal(config.auth.secureCookie, true);
    assert.deepEqual(config.auth.singleSessionRoles, ['buyer', 'seller', 'admin']);
    assert.equal(config.tracing.exporter, 'off');
    assert.equal(config.production.redisConfigCheck, 'required');
    assert.equal(config.publicUrl, 'http://127.0.0.1:8080');
    assert.equal(loadConfig({ PARTITIONS: '' }).partitions, 8, 'an empty value is unset');
  });

  it('config - integer ranges: PARTITIONS=0 is refused with the variable, the value and the range', () => {
    assert.equal(refusal({ PARTITIONS: '0' }), 'PARTITIONS="0": must be an integer from 1 to 1024');
    assert.match(refusal({ HTTP_PORT: '70000' }), /^HTTP_PORT="70000": must be an integer from 1 to 65535$/);
    assert.match(refusal({ REDIS_COMMAND_TIMEOUT_MS: '-1' }), /^REDIS_COMMAND_TIMEOUT_MS="-1": must be an integer ≥ 0$/);
    assert.match(refusal({ WORKER_ACK_WAIT_MS: '1.5' }), /must be an integer ≥ 100/);
    assert.match(refusal({ EDGE_PROCESSES: 'two' }), /^EDGE_PROCESSES="two"/);
    assert.equal(loadConfig({ PARTITIONS: '1024', HTTP_PORT: '65535' }).partitions, 1024, 'the bounds are allowed');
  });

  it('config - numbers: ratios stay within 0..1', () => {
    assert.equal(loadConfig({ TRACE_SAMPLE_RATIO: '0.25' }).tracing.sampleRatio, 0.25);
    assert.match(refusal({ TRACE_SAMPLE_RATIO: '1.5' }), /^TRACE_SAMPLE_RATIO="1.5": must be a number from 0 to 1$/);
    assert.match(refusal({ PAYMENT_BREAKER_FAILURE_RATIO: 'NaN' }), /PAYMENT_BREAKER_FAILURE_RATIO/);
  });

  it('config - enums: only the listed values', () => {
    assert.equal(loadConfig({ TRACING_EXPORTER: 'otlp' }).tracing.exporter, 'otlp');
    assert.match(refusal({ TRACING_EXPORTER: 'jaeger' }), /^TRACING_EXPORTER="jaeger": must be one of off, otlp$/);
    assert.match(refusal({ REDIS_CONFIG_CHECK: 'sometimes' }), /must be one of required, optional/);
    assert.match(refusal({ LOG_LEVEL: 'loud' }), /^LOG_LEVEL="loud": must be one of trace, debug/);
    assert.match(refusal({ REQUEST_LOG_LEVEL: 'verbose' }), /^REQUEST_LOG_LEVEL="verbose"/);
  });

  it('config - booleans: 1/0, true/false, yes/no, on/off, nothing else', () => {
    for (const [raw, value] of [['0', false], ['false', false], ['No', false], ['off', false], ['1', true], ['TRUE', true], ['yes', true], ['on', true]] as const) {
      assert.equal(loadConfig({ AUTH_SECURE_COOKIE: raw }).auth.secureCookie, value, raw);
    }
    assert.match(refusal({ AUTH_SECURE_COOKIE: 'maybe' }), /^AUTH_SECURE_COOKIE="maybe": must be a boolean/);
  });

  it('config - lists: comma-separated, trimmed, items checked against the allowed ones', () => {
    assert.deepEqual(loadConfig({ AUTH_SINGLE_SESSION_ROLES: ' admin , seller,' }).auth.singleSessionRoles, ['admin', 'seller']);
    assert.deepEqual(loadConfig({ AUTH_SINGLE_SESSION_ROLES: 'none' }).auth.singleSessionRoles, []);
    assert.match(refusal({ AUTH_SINGLE_SESSION_ROLES: 'buyer,root' }), /^AUTH_SINGLE_SESSION_ROLES="buyer,root": root not allowed: must be a comma list of buyer, seller, admin/);
    const push = loadConfig({ WS_ALLOWED_ORIGINS: 'https://a.example, *' }).push;
    assert.deepEqual([...push.allowedOrigins], ['https://a.example']);
    assert.equal(push.allowAnyOrigin, true);
  });

  it('config - strings: patterns, and rules beyond a range', () => {
    assert.match(refusal({ ENGINE_NAMESPACE: 'Bad-Name' }), /^ENGINE_NAMESPACE="Bad-Name": must be lower-case letters, digits and _, a letter first, at most 32 characters$/);
    assert.match(refusal({ AUTH_SCRYPT_COST: '1000' }), /^AUTH_SCRYPT_COST="1000": must be a power of two/);
    assert.equal(loadConfig({ AUTH_SCRYPT_COST: '1024' }).auth.scryptCost, 1024);
    assert.match(refusal({ WS_IDLE_TIMEOUT_SEC: '5' }), /^WS_IDLE_TIMEOUT_SEC="5": must be 0, or an integer from 8 to 960$/);
    assert.equal(loadConfig({ WS_IDLE_TIMEOUT_SEC: '0' }).push.idleTimeoutSec, 0);
    assert.match(refusal({ PUBLIC_URL: 'https://shop.example.com/path' }), /^PUBLIC_URL="https:\/\/shop.example.com\/path": must be an http\(s\) origin without path/);
  });

  it('config - every refused variable is named at once, not only the first', () => {
    const said = refusal({ PARTITIONS: '0', HTTP_PORT: 'x', TRACING_EXPORTER: 'y' }).split('\n');
    assert.deepEqual(said.map((line) => line.split('=')[0]), ['HTTP_PORT', 'PARTITIONS', 'TRACING_EXPORTER']);
  });

  it('config - derived defaults: unset reads as undefined, the loader derives the value', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/gopang-data', PAYMENT_API_KEY: 'k' });
    assert.equal(config.afterSale.reviewImageDir, '/tmp/gopang-data/objects/reviews');
    assert.equal(config.payment.fake.apiKey, 'k', 'FAKE_GATEWAY_API_KEY defaults to PAYMENT_API_KEY');
    assert.equal(config.auth.hashQueueMax, 2 * config.auth.hashThreads);
    assert.equal(config.payment.fake.seed, undefined);
  });

  it('config - one variable alone: the schema default, or the caller\'s own default when the entry derives it', () => {
    assert.equal(configVar({}, 'BENCH_WARMUP'), 3);
    assert.equal(configVar({}, 'BENCH_CONNECTIONS', 200), 200);
    assert.equal(configVar({ BENCH_CONNECTIONS: '50' }, 'BENCH_CONNECTIONS', 200), 50);
    assert.equal(configVar({ BENCH_REPORT: '0' }, 'BENCH_REPORT'), false);
    assert.throws(() => configVar({ BENCH_DURATION: '0' }, 'BENCH_DURATION', 10), /BENCH_DURATION="0": must be an integer ≥ 1/);
  });

  it('config - every default the schema states is itself allowed by its entry', () => {
    for (const [name, spec] of Object.entries(CONFIG_SCHEMA as Schema)) {
      if (spec.default === undefined || spec.default === '') continue;
      const raw = Array.isArray(spec.default) ? spec.default.join(',') : typeof spec.default === 'boolean' ? (spec.default ? '1' : '0') : String(spec.default);
      assert.doesNotThrow(() => parseValue(name, spec, raw), name);
    }
    assert.doesNotThrow(() => readValues(CONFIG_SCHEMA, {}));
  });

  it('config - a role started with a refused value exits 78 with one log line naming it', () => {
    const edge = spawnSync(process.execPath, [join(projectRoot, 'dist/edge/main.js')], {
      env: { ...process.env, PARTITIONS: '0', LOG_LEVEL: 'info' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(edge.status, 78, edge.stderr);
    const lines = edge.stdout.split('\n').filter((line) => line.includes('refusing to start'));
    assert.equal(lines.length, 1, edge.stdout);
    assert.match((JSON.parse(lines[0]) as { msg: string }).msg, /PARTITIONS="0": must be an integer from 1 to 1024/);
  });
});
