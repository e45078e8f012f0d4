// Edge process: uWS/hyper-express on the shared port (uWS sets SO_REUSEPORT, so N edges share it).
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import HyperExpress from 'hyper-express';
import { Redis } from 'ioredis';
import pg from 'pg';
import { AccessTokenVerifier } from '../engine/auth/access-token-verifier.js';
import { loadConfig } from '../engine/config.js';
import { log, setLogRole } from '../engine/log.js';
import { defineLuaCommand, readLuaScript } from '../engine/redis/lua-scripts.js';
import { ensureSaleStream } from '../engine/sale/sale-stream.js';
import { TicketPublisher } from '../engine/sale/ticket-publisher.js';
import { registerAttemptRoute } from './attempt-route.js';
import { registerRestRoutes } from './rest-routes.js';
import { SoldOutRegistry } from './sold-out-registry.js';
import { UserRateLimiter } from './user-rate-limiter.js';

setLogRole('edge');
const config = loadConfig();
const redis = new Redis(config.redisUrl, { enableAutoPipelining: true });
defineLuaCommand(redis, readLuaScript(config.luaDir, 'admit'));
const nc = await connect({ servers: config.natsUrl, maxReconnectAttempts: -1 });
const db = new pg.Pool({ connectionString: config.databaseUrl, max: 8 });
await ensureSaleStream(await jetstreamManager(nc), config.namespace);
const verifier = await AccessTokenVerifier.create(config);

const publisher = new TicketPublisher(jetstream(nc), config);
const soldOut = new SoldOutRegistry(redis, nc, config.namespace);
soldOut.start();

const server = new HyperExpress.Server({ max_body_length: 4 * config.http.restMaxBodyBytes });
registerAttemptRoute(server.uws_instance, {
  config,
  redis,
  db,
  verifier,
  publisher,
  soldOut,
  rateLimiter: new UserRateLimiter(config.attemptRateLimitPerSec),
});
registerRestRoutes(server, { config, redis, db, nc, verifier });
await server.listen(config.http.port, config.http.host);
log('info', 'listening', { url: `http://${config.http.host}:${config.http.port}` });

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.close(); // stop accepting; in-flight answers finish
  await publisher.drain();
  soldOut.stop();
  verifier.close();
  await nc.drain().catch(() => {});
  await db.end();
  redis.disconnect();
  log('info', 'stopped');
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
