// Orchestrator process entry: `node dist/workers/orders/main.js` — runs the order sagas.
import { connectNats } from '../../engine/platform/messaging/nats-connection.js';
import { connectRedis } from '../../engine/platform/redis/redis-client.js';
import { configOrExit, loadConfig } from '../../engine/platform/config.js';
import { log, setLogRole } from '../../engine/platform/log.js';
import { startMetricsServer } from '../../engine/platform/metrics-server.js';
import { refuseUnsafeProduction } from '../../engine/platform/production-checks.js';
import { createPaymentGateway } from '../../engine/payment/portone-gateway.js';
import { stopOnSignal } from '../../engine/platform/process/stop-on-signal.js';
import { startOrchestrator } from './orchestrator.js';
import { createPool } from '../../engine/platform/db/pool.js';

setLogRole('orchestrator');
const config = configOrExit(loadConfig);
await refuseUnsafeProduction(config);
const redis = await connectRedis(config, { enableAutoPipelining: true });
const nc = await connectNats(config.nats, { maxReconnectAttempts: -1, noAsyncTraces: true });
const db = createPool(config.databaseUrl, 16, config.postgres, 'jobs');
const orchestrator = await startOrchestrator({ db, redis, nc, gateway: createPaymentGateway(config.payment), config });
// metrics port: after the workers' (base + 1 + i) and before the edges' (base + 100 + i)
const metrics = await startMetricsServer(config.http.host, config.metricsPortBase > 0 ? config.metricsPortBase + 50 : 0);
log('info', 'started');

stopOnSignal(async () => {
  await orchestrator.stop();
  await metrics.stop();
  await nc.drain().catch(() => {});
  await db.end();
  redis.disconnect();
});
