// Worker process: leases a fair share of the partitions (workers/partitions/partition-ownership.ts) and runs the
// sale and reservation actors of each; shares move as workers join and leave.
import { randomUUID } from 'node:crypto';
import { connectNats } from '../engine/platform/messaging/nats-connection.js';
import { connectRedis } from '../engine/platform/redis/redis-client.js';
import { configOrExit, loadConfig } from '../engine/platform/config.js';
import { startTracing, stopTracing } from '../engine/platform/tracing.js';
import { stopOnSignal } from '../engine/platform/process/stop-on-signal.js';
import { log, setLogRole } from '../engine/platform/log.js';
import { startMetricsServer } from '../engine/platform/metrics-server.js';
import { refuseUnsafeProduction } from '../engine/platform/production-checks.js';
import { createPool } from '../engine/platform/db/pool.js';
import { startTogether } from './partitions/partition-actors.js';
import { LeaseSession } from './partitions/partition-leases.js';
import { PartitionOwnership } from './partitions/partition-ownership.js';
import { reservationSide } from './reservation/reservation-worker.js';
import { saleSide } from './sale/sale-workers.js';

setLogRole('worker');
const config = configOrExit(loadConfig);
await refuseUnsafeProduction(config);
startTracing('gopang-worker', config.tracing);
const redis = await connectRedis(config, { enableAutoPipelining: true });
const nc = await connectNats(config.nats, { maxReconnectAttempts: -1, noAsyncTraces: true });
const db = createPool(config.databaseUrl, Math.max(4, config.partitions), config.postgres, 'jobs');
const sales = await saleSide(config, redis, nc, db);
const reservations = await reservationSide(config, redis, nc, db);
const ownership = new PartitionOwnership({
  partitions: config.partitions,
  rebalanceMs: config.worker.rebalanceMs,
  memberId: randomUUID(),
  openSession: (onLost) => LeaseSession.open(config.databaseUrl, onLost),
  startWork: startTogether([sales.startActor, reservations.startActor]),
});
await ownership.start();
const lag = sales.watchLag(() => ownership.owned);
const metrics = await startMetricsServer(config.http.host, config.metricsPortBase > 0 ? config.metricsPortBase + 1 + config.worker.index : 0);
log('info', 'started', { partitions: ownership.owned });

stopOnSignal(async () => {
  lag.stop();
  await Promise.all([ownership.stop(), metrics.stop()]);
  await nc.drain().catch(() => {});
  await db.end();
  redis.disconnect();
  await stopTracing();
});
