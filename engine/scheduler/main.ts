// Scheduler process entry: `node dist/engine/scheduler/main.js`.
import { loadConfig } from '../config.js';
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

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  try {
    for (const service of [...services].reverse()) await service.stop();
    log('info', 'stopped', { signal });
    process.exit(0);
  } catch (err) {
    log('error', 'stop failed', { err });
    process.exit(1);
  }
}

process.once('SIGTERM', (signal) => void shutdown(signal));
process.once('SIGINT', (signal) => void shutdown(signal));
