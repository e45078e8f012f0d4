// Edge process: uWS/hyper-express on the shared port (uWS sets SO_REUSEPORT, so N edges share it).
import './http/require-native-uws.js'; // first: refuses to start without uWS' native binary
import { configOrExit, loadConfig } from '../engine/platform/config.js';
import { stopOnSignal } from '../engine/platform/process/stop-on-signal.js';
import { log, setLogRole } from '../engine/platform/log.js';
import { startMetricsServer } from '../engine/platform/metrics-server.js';
import { startTracing, stopTracing } from '../engine/platform/tracing.js';
import { openEdgeContext } from './edge-context.js';
import { refuseUnsafeProduction } from '../engine/platform/production-checks.js';
import { edgeFeatures } from './features.js';

setLogRole('edge');
const config = configOrExit(loadConfig);
await refuseUnsafeProduction(config);
startTracing('gopang-edge', config.tracing);
const { ctx, close } = await openEdgeContext(config);
for (const feature of edgeFeatures) await feature(ctx);
await ctx.server.listen(config.http.port, config.http.host);
const metrics = await startMetricsServer(config.http.host, config.metricsPortBase > 0 ? config.metricsPortBase + 100 + config.edgeIndex : 0);
log('info', 'listening', { url: `http://${config.http.host}:${config.http.port}` });

stopOnSignal(async () => {
  await close();
  await metrics.stop();
  await stopTracing();
});
