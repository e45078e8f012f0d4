// `npm start`: prepares the database and keys, then runs edges, workers and the scheduler under one supervisor.
import { join } from 'node:path';
import { ensureSigningKeys } from './auth/signing-keys.js';
import { configOrExit, loadConfig, projectRoot } from './platform/config.js';
import { prepareDatabase } from './platform/db/prepare-database.js';
import { refuseUnsafeProduction } from './platform/production-checks.js';
import { log, setLogRole } from './platform/log.js';
import { stopOnSignal } from './platform/process/stop-on-signal.js';
import { Supervisor, type RoleSpec } from './platform/process/supervisor.js';

setLogRole('supervisor');
const config = configOrExit(loadConfig);
await refuseUnsafeProduction(config);
await prepareDatabase(config);
await ensureSigningKeys(config.dataDir);

const script = (path: string) => join(projectRoot, 'dist', path);
const { edges, workers } = config.processes;
const roles: RoleSpec[] = [
  ...Array.from({ length: edges }, (_, i) => ({ name: `edge-${i}`, script: script('edge/main.js'), env: { ...process.env, EDGE_INDEX: String(i) } })),
  ...Array.from({ length: workers }, (_, i) => ({
    name: `worker-${i}`,
    script: script('workers/main.js'),
    env: { ...process.env, WORKER_INDEX: String(i) },
  })),
  { name: 'scheduler', script: script('engine/scheduler/main.js'), env: process.env },
  { name: 'auth', script: script('engine/auth/main.js'), env: process.env },
  { name: 'orchestrator', script: script('workers/orders/main.js'), env: process.env },
  // no PAYMENT_GATEWAY_URL: payments go to the local fake gateway, so run it
  ...(config.payment.usesLocalFake ? [{ name: 'payment-gateway', script: script('engine/payment/fake-gateway/main.js'), env: process.env }] : []),
];
const supervisor = new Supervisor();
supervisor.start(roles);

const base = `http://${config.http.host}:${config.http.port}`;
process.stderr.write(
  [
    `Gopang engine: ${edges} edge(s), ${workers} worker(s), ${config.partitions} partitions, namespace "${config.namespace}"`,
    `  API      ${base}/api/v1`,
    `  health   ${base}/healthz   ready ${base}/readyz   metrics ${base}/metrics`,
    `  token    npm run token -- --user 42 --role buyer|admin`,
    `  Ctrl-C stops everything`,
    '',
  ].join('\n'),
);

stopOnSignal(async () => {
  log('info', 'stopping all roles');
  await supervisor.stop();
});
