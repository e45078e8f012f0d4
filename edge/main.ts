// Edge process: uWS/hyper-express on the shared port (uWS sets SO_REUSEPORT, so N edges share it).
import { loadConfig } from '../engine/config.js';
import { log, setLogRole } from '../engine/log.js';
import { startTracing, stopTracing } from '../engine/tracing.js';
import { openEdgeContext } from './edge-context.js';
import { edgeFeatures } from './features.js';

setLogRole('edge');
const config = loadConfig();
startTracing('gopang-edge', config.tracing);
const { ctx, close } = await openEdgeContext(config);
for (const feature of edgeFeatures) await feature(ctx);
await ctx.server.listen(config.http.port, config.http.host);
log('info', 'listening', { url: `http://${config.http.host}:${config.http.port}` });

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await close();
  await stopTracing();
  log('info', 'stopped');
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
