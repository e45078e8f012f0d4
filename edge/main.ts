// Edge process: uWS/hyper-express on the shared port (uWS sets SO_REUSEPORT, so N edges share it).
import { connect } from '@nats-io/transport-node';
import HyperExpress from 'hyper-express';
import { Redis } from 'ioredis';
import pg from 'pg';
import { AccessTokenVerifier } from '../engine/auth/access-token-verifier.js';
import { loadConfig } from '../engine/config.js';
import { log, setLogRole } from '../engine/log.js';
import type { EdgeContext } from './edge-context.js';
import { edgeFeatures } from './features.js';

setLogRole('edge');
const config = loadConfig();
const stopSteps: (() => Promise<void> | void)[] = [];
const ctx: EdgeContext = {
  config,
  redis: new Redis(config.redisUrl, { enableAutoPipelining: true }),
  db: new pg.Pool({ connectionString: config.databaseUrl, max: 8 }),
  nc: await connect({ servers: config.natsUrl, maxReconnectAttempts: -1 }),
  verifier: await AccessTokenVerifier.create(config),
  server: new HyperExpress.Server({ max_body_length: 4 * config.http.restMaxBodyBytes }),
  onStop: (step) => stopSteps.push(step),
};
for (const feature of edgeFeatures) await feature(ctx);
await ctx.server.listen(config.http.port, config.http.host);
log('info', 'listening', { url: `http://${config.http.host}:${config.http.port}` });

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  ctx.server.close(); // stop accepting; in-flight answers finish
  for (const step of stopSteps.reverse()) await step();
  ctx.verifier.close();
  await ctx.nc.drain().catch(() => {});
  await ctx.db.end();
  ctx.redis.disconnect();
  log('info', 'stopped');
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
