// The deployable artifacts stay in step with the code (these machines cannot run Docker, so this reads
// them): the image's entrypoint runs every role of the supervisor (engine/main.ts) and compose.yaml runs
// each in a service of its own; ports, health checks and Prometheus targets are the configuration
// defaults; Redis, Postgres, NATS and the payment settings pass the production checks; every service
// waits for what it needs; the image runs without root; every variable compose.yaml sets is documented.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { loadConfig, projectRoot, type EngineConfig } from '../../engine/platform/config.js';
import { authMetricsPort } from '../../engine/auth/auth-config.js';
import { loadFakeGatewayConfig } from '../../engine/payment/payment-config.js';
import { CONFIG_SCHEMA } from '../../engine/platform/config-schema.js';
import { parseYaml, type YamlMap, type YamlValue } from '../support/yaml-subset.js';

const read = (path: string) => readFile(join(projectRoot, path), 'utf8');

function asMap(value: YamlValue | undefined, where: string): YamlMap {
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), `${where} is a mapping`);
  return value;
}

function asList(value: YamlValue | undefined, where: string): string[] {
  assert.ok(Array.isArray(value) && value.every((v) => typeof v === 'string'), `${where} is a list of strings`);
  return value as string[];
}

function asText(value: YamlValue | undefined, where: string): string {
  assert.equal(typeof value, 'string', `${where} is a string`);
  return value as string;
}

/** `${NAME:-default}` as compose resolves it with nothing set; a variable without a default fails. */
function withDefaults(text: string): string {
  return text.replace(/\$\{(\w+)(?::-([^}]*))?\}/g, (_, name: string, fallback: string | undefined) => {
    assert.ok(fallback !== undefined, `\${${name}} has a default`);
    return fallback;
  });
}

interface Service {
  name: string;
  spec: YamlMap;
  command: string[];
  environment: Record<string, string>;
  dependsOn: Record<string, string>;
  healthcheck: string[] | undefined;
}

async function composeServices(): Promise<Map<string, Service>> {
  const services = asMap(asMap(parseYaml(await read('compose.yaml')), 'compose.yaml').services, 'services');
  return new Map(Object.entries(services).map(([name, value]) => {
    const spec = asMap(value, name);
    const environment = Object.fromEntries(Object.entries(asMap(spec.environment ?? {}, `${name}.environment`)).map(([k, v]) => [k, asText(v, `${name}.${k}`)]));
    const dependsOn = Object.fromEntries(Object.entries(asMap(spec.depends_on ?? {}, `${name}.depends_on`)).map(([k, v]) => [k, asText(asMap(v, `${name}.depends_on.${k}`).condition, `${name}.depends_on.${k}.condition`)]));
    const healthcheck = spec.healthcheck === undefined ? undefined : asList(asMap(spec.healthcheck, `${name}.healthcheck`).test, `${name}.healthcheck.test`);
    return [name, { name, spec, command: spec.command === undefined ? [] : asList(spec.command, `${name}.command`), environment, dependsOn, healthcheck }];
  }));
}

/** Stages of the Dockerfile, continuation lines joined. */
async function dockerStages(): Promise<string[][]> {
  const lines = (await read('Dockerfile')).replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const stages: string[][] = [];
  for (const line of lines) {
    if (/^FROM /i.test(line)) stages.push([]);
    stages.at(-1)?.push(line);
  }
  return stages;
}

/** The ENV of the final stage: what every container starts with. */
function imageEnvironment(stage: string[]): Record<string, string> {
  const pairs = stage.filter((l) => l.startsWith('ENV ')).flatMap((l) => l.slice(4).trim().split(/\s+/));
  return Object.fromEntries(pairs.map((p) => p.split('=') as [string, string]));
}

/** role -> script the image's entrypoint runs for it */
async function entrypointRoles(): Promise<Map<string, string>> {
  const script = await read('ops/docker/run-role.sh');
  return new Map([...script.matchAll(/^\s+([a-z-]+)\) script=(\S+) ;;$/gm)].map((m) => [m[1], m[2]]));
}

/** role -> compiled entry the supervisor runs it from (engine/main.ts) */
async function supervisorRoles(): Promise<Map<string, string>> {
  const main = await read('engine/main.ts');
  return new Map([...main.matchAll(/name: [`']([a-z]+(?:-[a-z]+)*)[\s\S]*?script\('([^']+)'\)/g)].map((m) => [m[1], `dist/${m[2]}`]));
}

const ENGINE_IMAGE = 'gopang-engine:local';

/** The services that run the engine image, with the configuration each role reads. */
async function engineServices(): Promise<{ service: Service; role: string; env: NodeJS.ProcessEnv; config: EngineConfig }[]> {
  const [stages, services] = await Promise.all([dockerStages(), composeServices()]);
  const image = imageEnvironment(stages.at(-1)!);
  return [...services.values()].filter((s) => s.spec.image === ENGINE_IMAGE).map((service) => {
    const env = { ...image, ...Object.fromEntries(Object.entries(service.environment).map(([k, v]) => [k, withDefaults(v)])) };
    return { service, role: service.command[0], env, config: loadConfig(env) };
  });
}

/** Where each role serves /metrics (engine/platform/config.ts, metricsPortBase); every index is 0 in its own container. */
const metricsPort: Record<string, ((c: EngineConfig) => number) | undefined> = {
  scheduler: (c) => c.metricsPortBase,
  worker: (c) => c.metricsPortBase + 1 + c.worker.index,
  orchestrator: (c) => c.metricsPortBase + 50,
  auth: (c) => authMetricsPort(c.metricsPortBase),
  edge: (c) => c.metricsPortBase + 100 + c.edgeIndex,
};

test('deploy - the image runs every role of the supervisor and compose runs each in a service of its own', async () => {
  const [supervisor, entrypoint, services] = await Promise.all([supervisorRoles(), entrypointRoles(), composeServices()]);
  assert.deepEqual([...supervisor.keys()].sort(), ['auth', 'edge', 'orchestrator', 'payment-gateway', 'scheduler', 'worker']);
  assert.deepEqual(entrypoint, new Map([...supervisor, ['supervisor', 'dist/engine/main.js']]));
  for (const script of entrypoint.values()) assert.ok(existsSync(join(projectRoot, script)), `${script} is built`);
  for (const role of supervisor.keys()) {
    const service = services.get(role);
    assert.ok(service, `compose.yaml has a service "${role}"`);
    assert.equal(service.spec.image, ENGINE_IMAGE, `${role} runs the engine image`);
    assert.equal(service.spec.build, '.', `${role} builds it from the Dockerfile`);
    assert.deepEqual(service.command, [role], `${role} runs its role`);
  }
  const running = [...services.values()].filter((s) => s.spec.image === ENGINE_IMAGE).map((s) => s.command[0]).sort();
  assert.deepEqual(running, [...supervisor.keys()].sort(), 'one service per role');
});

test('deploy - a two-stage image whose roles run without root, production settings on', async () => {
  const stages = await dockerStages();
  assert.ok(stages.length >= 2, 'a build stage and a runtime stage');
  const [build, runtime] = [stages[0], stages.at(-1)!];
  assert.ok(build.some((l) => /^RUN npm ci\b/.test(l)) && build.some((l) => /\bnpx tsc -p \./.test(l)), 'the build stage installs and compiles');
  assert.match(runtime[0], /^FROM node:\S+-slim AS runtime$/);
  const npmCi = runtime.filter((l) => /\bnpm ci\b/.test(l));
  assert.ok(npmCi.length === 1 && npmCi[0].includes('--omit=dev'), 'the runtime stage installs production dependencies only');
  const users = runtime.filter((l) => l.startsWith('USER '));
  assert.equal(users.length, 1, 'one USER line in the final stage');
  assert.ok(!['root', '0', '0:0'].includes(users[0].slice(5).trim()), 'the roles do not run as root');
  const afterUser = runtime.slice(runtime.indexOf(users[0]) + 1);
  assert.ok(!afterUser.some((l) => /^USER /.test(l)), 'nothing switches back');
  assert.equal(imageEnvironment(runtime).NODE_ENV, 'production');
  for (const copied of ['dist', 'lua', 'engine/platform/db/migrations', 'ops/docker/run-role.sh']) {
    assert.ok(runtime.some((l) => l.startsWith('COPY ') && l.includes(copied)), `the image holds ${copied}`);
  }
  assert.ok(runtime.includes('ENTRYPOINT ["/app/ops/docker/run-role.sh"]'));
});

test('deploy - ports, health checks and Prometheus targets are the configuration defaults', async () => {
  const engine = await engineServices();
  const prometheus = asMap(parseYaml(await read('ops/prometheus/prometheus.yml')), 'prometheus.yml');
  const jobs = new Map(asListOfMaps(prometheus.scrape_configs, 'scrape_configs').map((j) => [asText(j.job_name, 'job_name'), j]));
  const gateway = engine.find((e) => e.role === 'payment-gateway')!;
  const gatewayPort = loadFakeGatewayConfig(gateway.env).port;
  assert.deepEqual(gateway.service.healthcheck?.slice(-1), [`http://127.0.0.1:${gatewayPort}/__stats`]);
  for (const { service, role, config } of engine) {
    if (role === 'payment-gateway') continue;
    assert.equal(config.payment.gatewayUrl, `http://payment-gateway:${gatewayPort}`, `${role} reaches the gateway service`);
    if (role === 'edge') {
      const port = config.http.port;
      assert.deepEqual(service.spec.ports, [`${port}:${port}`], 'the edge publishes HTTP_PORT');
      assert.deepEqual(service.healthcheck?.slice(-1), [`http://127.0.0.1:${port}/readyz`]);
      assert.equal(config.http.host, '0.0.0.0', 'the edge listens on the container network');
    }
    const metrics = metricsPort[role];
    if (!metrics) continue;
    const target = `${service.name}:${metrics(config)}`;
    if (role !== 'edge') assert.deepEqual(service.healthcheck?.slice(-1), [`http://127.0.0.1:${metrics(config)}/metrics`]);
    const job = jobs.get(`gopang-${role}`);
    assert.ok(job, `prometheus.yml has a job gopang-${role}`);
    assert.deepEqual(scrapeTargets(job), [target], `gopang-${role} scrapes ${target}`);
  }
  assert.deepEqual([...jobs.keys()].sort(), Object.keys(metricsPort).map((r) => `gopang-${r}`).sort(), 'one job per role that serves /metrics');
  assert.deepEqual(asList(prometheus.rule_files, 'rule_files'), ['alerts.yml']);
});

test('deploy - Redis, Postgres, NATS and the payment settings pass the production checks', async () => {
  const [services, engine] = await Promise.all([composeServices(), engineServices()]);
  const redis = services.get('redis')!;
  assert.match(redis.command.join(' '), /--appendonly yes\b/);
  assert.match(redis.command.join(' '), /--maxmemory-policy noeviction\b/);

  const postgres = services.get('postgres')!.environment;
  const pgPassword = withDefaults(postgres.POSTGRES_PASSWORD);
  assert.ok(pgPassword !== '', 'Postgres has a password');

  const nats = services.get('nats')!;
  assert.deepEqual(nats.command, ['-c', '/etc/nats/nats.conf']);
  assert.ok(asList(nats.spec.volumes, 'nats.volumes').includes('./ops/nats/nats.conf:/etc/nats/nats.conf:ro'));
  const natsConf = await natsConfig(Object.fromEntries(Object.entries(nats.environment).map(([k, v]) => [k, withDefaults(v)])));
  assert.ok(natsConf.jetstream, 'JetStream is on');
  const { natsPermissions } = (await import(pathToFileURL(join(projectRoot, 'scripts', 'nats-users.mjs')).href)) as { natsPermissions: Record<string, unknown> };
  const users = new Map(natsConf.authorization.users.map((u) => [u.user, u]));
  assert.deepEqual([...users.keys()].sort(), Object.keys(natsPermissions).sort(), 'the users of scripts/nats-users.mjs');
  for (const [user, permissions] of Object.entries(natsPermissions)) assert.deepEqual(users.get(user)!.permissions, permissions, `${user}'s permissions`);

  for (const { service, role, env, config } of engine) {
    if (role === 'payment-gateway') continue;
    // engine/platform/production-checks.ts gatewayProblems: the local fake only when meant
    assert.ok(!config.payment.usesLocalFake || config.production.fakeGatewayMeant, `${role}: PAYMENT_GATEWAY=fake with the fake gateway`);
    const db = new URL(config.databaseUrl);
    assert.deepEqual([db.hostname, db.username, db.password, db.pathname], ['postgres', postgres.POSTGRES_USER, pgPassword, `/${postgres.POSTGRES_DB}`], `${role}: DATABASE_URL`);
    assert.equal(config.redisUrl, 'redis://redis:6379', `${role}: REDIS_URL`);
    const expectNatsUser = (url: string, user: string) => {
      const parsed = new URL(url);
      assert.deepEqual([parsed.hostname, parsed.username, parsed.password], ['nats', user, users.get(user)!.password], `${role}: NATS user ${user}`);
    };
    expectNatsUser(config.nats.url, 'engine');
    if (role === 'auth') expectNatsUser(config.authNats.url, 'auth');
    else assert.equal(env.AUTH_NATS_URL, undefined, `${role} has no auth NATS user`);
    assert.equal(service.spec.init, 'true', `${role}: an init process reaps the role's children`);
  }
});

test('deploy - every service waits for what it needs, healthy', async () => {
  const services = await composeServices();
  const backing = ['nats', 'postgres', 'redis'];
  const needs: Record<string, string[]> = {
    // the scheduler applies the migrations and creates the pg-boss queues first; the auth role writes the JWKS
    scheduler: backing,
    auth: [...backing, 'scheduler'],
    worker: [...backing, 'scheduler'],
    orchestrator: [...backing, 'payment-gateway', 'scheduler'],
    edge: [...backing, 'auth', 'scheduler'],
    'payment-gateway': [],
  };
  for (const [role, wanted] of Object.entries(needs)) {
    const service = services.get(role)!;
    assert.deepEqual(Object.keys(service.dependsOn).sort(), [...wanted].sort(), `${role} depends on ${wanted.join(', ') || 'nothing'}`);
    for (const [dependency, condition] of Object.entries(service.dependsOn)) {
      assert.equal(condition, 'service_healthy', `${role} waits until ${dependency} is healthy`);
      assert.ok(services.get(dependency)?.healthcheck, `${dependency} has a health check`);
    }
  }
  const dataDir = (await engineServices()).find((e) => e.role === 'auth')!.config.dataDir;
  const keys = `keys:${join(dataDir, 'keys')}`;
  assert.ok(asList(services.get('auth')!.spec.volumes, 'auth.volumes').includes(keys), 'the auth role keeps its signing keys in a volume');
  assert.ok(asList(services.get('edge')!.spec.volumes, 'edge.volumes').includes(`${keys}:ro`), 'the edges read the JWKS from it');
});

test('deploy - every variable compose.yaml sets is documented', async () => {
  const [compose, reference, operations, engine] = await Promise.all([read('compose.yaml'), read('docs/configuration.md'), read('docs/operations.md'), engineServices()]);
  for (const { service } of engine) {
    for (const name of Object.keys(service.environment)) {
      assert.ok(name in CONFIG_SCHEMA && reference.includes(`| \`${name}\` |`), `${service.name}: ${name} is in the configuration schema and docs/configuration.md`);
    }
  }
  const interpolated = new Set([...compose.matchAll(/\$\{(\w+)/g)].map((m) => m[1]));
  assert.ok(interpolated.size > 0);
  for (const name of interpolated) assert.ok(operations.includes(`\`${name}\``), `${name} is documented in docs/operations.md`);
});

function asListOfMaps(value: YamlValue | undefined, where: string): YamlMap[] {
  assert.ok(Array.isArray(value), `${where} is a list`);
  return value.map((v, i) => asMap(v, `${where}[${i}]`));
}

/** host:port of a scrape job, from static_configs or dns_sd_configs (the names resolve to every container). */
function scrapeTargets(job: YamlMap): string[] {
  const name = asText(job.job_name, 'job_name');
  const statics = job.static_configs === undefined ? [] : asListOfMaps(job.static_configs, `${name}.static_configs`).flatMap((c) => asList(c.targets, `${name}.targets`));
  const dns = job.dns_sd_configs === undefined ? [] : asListOfMaps(job.dns_sd_configs, `${name}.dns_sd_configs`).flatMap((c) => {
    assert.equal(c.type, 'A', `${name}: A records`);
    return asList(c.names, `${name}.names`).map((n) => `${n}:${asText(c.port, `${name}.port`)}`);
  });
  return [...statics, ...dns];
}

interface NatsConf {
  jetstream?: unknown;
  authorization: { users: { user: string; password: string; permissions: unknown }[] };
}

/** ops/nats/nats.conf: JSON but for its # comments and the unquoted $VARIABLES nats-server takes from its environment. */
async function natsConfig(env: Record<string, string>): Promise<NatsConf> {
  const text = (await read('ops/nats/nats.conf')).split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n');
  return JSON.parse(text.replace(/\$(\w+)/g, (_, name: string) => {
    assert.ok(env[name] !== undefined, `the nats service sets ${name}`);
    return JSON.stringify(env[name]);
  })) as NatsConf;
}
