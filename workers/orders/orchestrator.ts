// The orchestrator role: one order actor per partition of the order stream (new orders and their
// payments, in batches: order-actor.ts), plus the per-order saga for what the batches hand over or leave
// behind: cancellations (nudged over core NATS), compensations (retried through pg-boss), and at start
// and by a periodic sweep, every order left mid-saga (an actor died while paying, a nudge was lost);
// and the expiry of orders unpaid at their payBy (order-expiry.ts).
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { Subscription } from '@nats-io/transport-node';
import { log } from '../../engine/platform/log.js';
import { defineReservationScripts } from '../../engine/reservation/reservation-admission.js';
import { startCompensationQueue } from '../../engine/orders/compensation-queue.js';
import { OrderSaga, type SagaDeps } from '../../engine/orders/order-saga.js';
import { orderAdvanceSubject, orderQueue } from '../../engine/orders/order-queue.js';
import { ensurePartitionConsumer, ensureWorkQueueStream } from '../../engine/platform/messaging/work-queue-stream.js';
import { dueOrders, refreshSagaGauge } from '../../engine/orders/saga-recovery.js';
import { SagaRunner } from '../../engine/orders/saga-runner.js';
import { OrderExpiry } from '../../engine/orders/order-expiry.js';
import { publishSaleReopened } from '../../engine/sale/sale-push.js';
import { defineUnitReturnScript } from '../../engine/sale/unit-return.js';
import { OrderActor } from './order-actor.js';

export interface Orchestrator {
  runner: SagaRunner;
  stop(): Promise<void>;
}

export async function startOrchestrator(deps: SagaDeps): Promise<Orchestrator> {
  const { config, nc, db, redis } = deps;
  defineReservationScripts(redis, config.luaDir);
  defineUnitReturnScript(redis, config.luaDir);
  const saga = new OrderSaga(deps);
  const compensations = await startCompensationQueue(config, saga);
  const runner = new SagaRunner(saga, config.orders.sagaConcurrency, (orderId) => compensations.retry(orderId));

  // crash recovery first: whatever was mid-saga when the last orchestrator stopped
  const resumed = await dueOrders(db, 0, 0, true);
  for (const id of resumed) runner.submit(id);

  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  await ensureWorkQueueStream(jsm, orderQueue, config.namespace, config.natsStreamReplicas);
  const actors: OrderActor[] = [];
  for (let partition = 0; partition < config.partitions; partition++) {
    const consumer = await ensurePartitionConsumer(jsm, js, orderQueue, { namespace: config.namespace, partition, ackWaitMs: config.worker.ackWaitMs });
    const actor = new OrderActor({
      consumer, partition, db, redis, nc, gateway: deps.gateway, namespace: config.namespace, orders: config.orders,
      batchMaxMessages: config.worker.batchMaxMessages, compensate: (orderId) => runner.submit(orderId),
    });
    await actor.start();
    actors.push(actor);
  }
  const nudges: Subscription = nc.subscribe(orderAdvanceSubject(config.namespace), {
    queue: 'orchestrator',
    callback: (err, msg) => {
      if (!err) runner.submit(msg.string());
    },
  });

  const sweep = every(config.orders.sweepIntervalMs, async () => {
    for (const id of await dueOrders(db, config.orders.sweepMinIdleMs, config.orders.actorGraceMs)) runner.submit(id);
    await refreshSagaGauge(db);
  }, 'saga sweep failed');

  const expiry = new OrderExpiry({
    db, redis, nc, namespace: config.namespace, batch: config.orders.expiryBatch,
    onReopened: (saleId, remaining) => publishSaleReopened(nc, config.namespace, saleId, remaining),
  });
  const expiring = every(config.orders.expiryIntervalMs, async () => {
    // a full batch: more are due, go on at once
    while ((await expiry.run()) === config.orders.expiryBatch);
  }, 'order expiry failed');

  log('info', 'orchestrator running', { resumed: resumed.length });
  return {
    runner,
    async stop() {
      await sweep.stop();
      await expiring.stop();
      nudges.unsubscribe();
      await Promise.all(actors.map((a) => a.stop(false)));
      await runner.stop();
      await compensations.stop();
    },
  };
}

/** Runs `task` every `ms`, never two at once; `stop` waits for a run in progress. */
function every(ms: number, task: () => Promise<void>, failure: string): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= task()
      .catch((err: unknown) => log('warn', failure, { err }))
      .finally(() => (running = undefined));
  }, ms);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
