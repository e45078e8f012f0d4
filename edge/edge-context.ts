// What every edge feature gets: the shared connections, the HTTP server, and a place to register
// its shutdown steps. A feature is one function that registers its routes (see edge/features.ts).
import type { NatsConnection } from '@nats-io/transport-node';
import type HyperExpress from 'hyper-express';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { AccessTokenVerifier } from '../engine/auth/access-token-verifier.js';
import type { EngineConfig } from '../engine/config.js';

export interface EdgeContext {
  config: EngineConfig;
  redis: Redis;
  db: pg.Pool;
  nc: NatsConnection;
  verifier: AccessTokenVerifier;
  /** hyper-express for REST; `server.uws_instance` for raw uWS hot paths and WebSockets */
  server: HyperExpress.Server;
  /** runs on shutdown, after the listen socket closed, before connections are closed (reverse order) */
  onStop(step: () => Promise<void> | void): void;
}

export type EdgeFeature = (ctx: EdgeContext) => Promise<void> | void;
