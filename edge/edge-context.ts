// What every edge feature gets: the shared connections, the HTTP server, and a place to register
// its shutdown steps. A feature is one function that registers its routes (see edge/features.ts).
import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats } from '../engine/platform/messaging/nats-connection.js';
import HyperExpress from 'hyper-express';
import pg from 'pg';
import { AccessTokenVerifier } from '../engine/auth/access-token-verifier.js';
import type { EngineConfig } from '../engine/platform/config.js';
import { createPool } from '../engine/platform/db/pool.js';
import { connectRedis, type RedisClient } from '../engine/platform/redis/redis-client.js';
import { edgeRateLimits, type EdgeRateLimits } from './http/rate-limits.js';
import { httpConventions, type HttpConventions } from './http/http-conventions.js';

export interface EdgeContext {
  config: EngineConfig;
  redis: RedisClient;
  db: pg.Pool;
  nc: NatsConnection;
  verifier: AccessTokenVerifier;
  /** hyper-express for REST; `server.uws_instance` for raw uWS hot paths and WebSockets */
  server: HyperExpress.Server;
  /** per-IP and per-user request limits of this edge process (edge/http/rate-limits.ts) */
  limits: EdgeRateLimits;
  /** request ids, CORS and the client address behind trusted proxies (edge/http/http-conventions.ts) */
  conventions: HttpConventions;
  /** runs on shutdown, after the listen socket closed, before connections are closed (reverse order) */
  onStop(step: () => Promise<void> | void): void;
}

export type EdgeFeature = (ctx: EdgeContext) => Promise<void> | void;

/** Opens the shared connections and an unstarted server; close() undoes it after the stop steps. */
export async function openEdgeContext(config: EngineConfig): Promise<{ ctx: EdgeContext; close(): Promise<void> }> {
  const stopSteps: (() => Promise<void> | void)[] = [];
  const ctx: EdgeContext = {
    config,
    redis: await connectRedis(config, { enableAutoPipelining: true }),
    db: createPool(config.databaseUrl, 8, config.postgres, 'requests'),
    // noAsyncTraces: no stack captured per request/publish (a JetStream publish is a request), ~1.5 % of an order's edge CPU
    nc: await connectNats(config.nats, { maxReconnectAttempts: -1, noAsyncTraces: true }),
    verifier: await AccessTokenVerifier.create(config),
    // auto_close off: hyper-express would otherwise close the listen socket on SIGUSR1/SIGUSR2
    // (SIGUSR1 is also Node's debugger signal); our own stop handles SIGTERM/SIGINT
    server: new HyperExpress.Server({ max_body_length: 4 * config.http.restMaxBodyBytes, auto_close: false }),
    limits: edgeRateLimits(config),
    conventions: httpConventions(config),
    onStop: (step) => stopSteps.push(step),
  };
  return {
    ctx,
    async close() {
      ctx.server.close(); // stop accepting; in-flight answers finish
      for (const step of stopSteps.reverse()) await step();
      ctx.verifier.close();
      await ctx.nc.drain().catch(() => {});
      await ctx.db.end();
      ctx.redis.disconnect();
    },
  };
}
