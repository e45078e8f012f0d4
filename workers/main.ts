// Worker process: owns a share of the sale (and reservation) partitions and runs one ordered actor for each.
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { loadConfig } from '../engine/config.js';
import { startTracing, stopTracing } from '../engine/tracing.js';
import { stopOnSignal } from '../engine/process/stop-on-signal.js';
import { log, setLogRole } from '../engine/log.js';
import { startMetricsServer } from '../engine/metrics-server.js';
import { startReservationActors } from './reservation-worker.js';
import { startSaleActors } from './sale-workers.js';
import { createPool } from '../engine/db/pool.js';

setLogRole('worker');
const config = loadConfig();
startTracing('gopang-worker', config.tracing);
const redis = new Redis(config.redisUrl, { enableAutoPipelining: true });
const nc = await connect({ servers: config.natsUrl, maxReconnectAttempts: -1 });
const db = createPool(config.databaseUrl, Math.max(4, config.partitions));
const sales = await startSaleActors(config, redis, nc, db);
const reservations = await startReservationActors(config, redis, nc, db);
const metrics = await startMetricsServer(config.http.host, config.metricsPortBase > 0 ? config.metricsPortBase + 1 + config.worker.index : 0);
log('info', 'started', { partitions: sales.partitions });

stopOnSignal(async () => {
  await Promise.all([sales.stop(), reservations.stop(), metrics.stop()]);
  await nc.drain().catch(() => {});
  await db.end();
  redis.disconnect();
  await stopTracing();
});
