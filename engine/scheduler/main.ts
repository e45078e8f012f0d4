// Scheduler process entry: `node dist/engine/scheduler/main.js`.
import { loadConfig } from '../config.js';
import { stopOnSignal } from '../process/stop-on-signal.js';
import { log, setLogRole } from '../log.js';
import { prepareDatabase } from '../db/prepare-database.js';
import { startMetricsServer } from '../metrics-server.js';
import { startScheduler } from './scheduler.js';
import { startSweeperService } from './sweeper-service.js';

interface Service {
  stop(): Promise<void>;
}

setLogRole('scheduler');
const config = loadConfig();
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
