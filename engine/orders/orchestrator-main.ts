// Orchestrator process entry: `node dist/engine/orders/orchestrator-main.js` — runs the order sagas.
import { connect } from '@nats-io/transport-node';
import { createRedis } from '../platform/redis/redis-client.js';
import { loadConfig } from '../platform/config.js';
import { log, setLogRole } from '../platform/log.js';
import { startMetricsServer } from '../platform/metrics-server.js';
import { createPaymentGateway } from '../payment/portone-gateway.js';
import { stopOnSignal } from '../platform/process/stop-on-signal.js';
import { startOrchestrator } from './orchestrator.js';
import { createPool } from '../platform/db/pool.js';

setLogRole('orchestrator');
const config = loadConfig();
const redis = createRedis(config.redisUrl, { enableAutoPipelining: true });
const nc = await connect({ servers: config.natsUrl, maxReconnectAttempts: -1 });
const db = createPool(config.databaseUrl, 16);
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
