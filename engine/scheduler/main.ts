// Scheduler process entry: `node dist/engine/scheduler/main.js`.
import { configOrExit, loadConfig } from '../platform/config.js';
import { stopOnSignal } from '../platform/process/stop-on-signal.js';
import { log, setLogRole } from '../platform/log.js';
import { prepareDatabase } from '../platform/db/prepare-database.js';
import { refuseUnsafeProduction } from '../platform/production-checks.js';
import { startMetricsServer } from '../platform/metrics-server.js';
import { startScheduler } from '../platform/jobs/scheduler.js';
import { startSweeperService } from '../sale/sweeper-service.js';

interface Service {
  stop(): Promise<void>;
}

setLogRole('scheduler');
const config = configOrExit(loadConfig);
await refuseUnsafeProduction(config);
await prepareDatabase(config);

// Every service this process runs; stopped in reverse start order on shutdown.
const services: Service[] = [];
services.push(await startScheduler(config));
services.push(await startSweeperService(config));
services.push(await startMetricsServer(config.http.host, config.metricsPortBase));

log('info', 'started');

stopOnSignal(async () => {
  for (const service of [...services].reverse()) await service.stop();
});
