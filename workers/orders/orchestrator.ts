// The saga orchestrator: takes order ids from every partition of the order stream (acked at once: the
// order row is the outbox), runs their sagas, retries failed compensations through pg-boss, and at
// start resumes every order left mid-saga.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { ConsumerMessages } from '@nats-io/jetstream';
import { log } from '../../engine/platform/log.js';
import { defineReservationScripts } from '../../engine/reservation/reservation-admission.js';
import { startCompensationQueue } from '../../engine/orders/compensation-queue.js';
import { decodeOrderBatch } from '../../engine/orders/order-publisher.js';
import { OrderSaga, type SagaDeps } from '../../engine/orders/order-saga.js';
import { ensureOrderConsumer, ensureOrderStream } from '../../engine/orders/order-subjects.js';
import { dueOrders, refreshSagaGauge } from '../../engine/orders/saga-recovery.js';
import { SagaRunner } from '../../engine/orders/saga-runner.js';

export interface Orchestrator {
  runner: SagaRunner;
  stop(): Promise<void>;
}

export async function startOrchestrator(deps: SagaDeps): Promise<Orchestrator> {
  const { config, nc, db, redis } = deps;
  defineReservationScripts(redis, config.luaDir);
  const saga = new OrderSaga(deps);
  const compensations = await startCompensationQueue(config, saga);
  const runner = new SagaRunner(saga, config.orders.sagaConcurrency, (orderId) => compensations.retry(orderId));

  // crash recovery first: whatever was mid-saga when the last orchestrator stopped
  const resumed = await dueOrders(db, 0, true);
  for (const id of resumed) runner.submit(id);

  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  await ensureOrderStream(jsm, config.namespace, config.natsStreamReplicas);
  const subscriptions: ConsumerMessages[] = [];
  for (let partition = 0; partition < config.partitions; partition++) {
    const consumer = await ensureOrderConsumer(jsm, js, config.namespace, partition, config.worker.ackWaitMs);
    subscriptions.push(
      await consumer.consume({
        callback: (msg) => {
          try {
            for (const id of decodeOrderBatch(msg.data).orderIds) runner.submit(id);
          } catch (err) {
            log('error', 'dropping undecodable order message', { seq: msg.seq, err });
          }
          msg.ack();
        },
      }),
    );
  }

  let sweeping = false;
  const sweep = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    void dueOrders(db, config.orders.sweepMinIdleMs)
      .then(async (ids) => {
        for (const id of ids) runner.submit(id);
        await refreshSagaGauge(db);
      })
      .catch((err: unknown) => log('warn', 'saga sweep failed', { err }))
      .finally(() => (sweeping = false));
  }, config.orders.sweepIntervalMs);

  log('info', 'orchestrator running', { resumed: resumed.length });
  return {
    runner,
    async stop() {
      clearInterval(sweep);
      await Promise.all(subscriptions.map((s) => s.close()));
      await runner.stop();
      await compensations.stop();
    },
  };
}
