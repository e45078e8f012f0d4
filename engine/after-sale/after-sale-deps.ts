// What the after-sale use cases that refund or restock need: Postgres, the Redis of the inventory
// counters (under the engine's namespace), NATS for the order-status pushes and the payment gateway that refunds.
import type { NatsConnection } from '@nats-io/transport-node';
import type { RedisClient } from '../platform/redis/redis-client.js';
import type pg from 'pg';
import type { PaymentGateway } from '../payment/payment-gateway.js';

export interface AfterSaleDeps {
  db: pg.Pool;
  redis: RedisClient;
  nc: NatsConnection;
  gateway: PaymentGateway;
  namespace: string;
}
