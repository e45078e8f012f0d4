// JetStream plumbing of every work queue (see work-queue.ts): its stream, with a dedupe window for
// Nats-Msg-Id, and one durable pull consumer per partition.
import {
  AckPolicy,
  DeliverPolicy,
  RetentionPolicy,
  StorageType,
  type Consumer,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { EngineError } from '../errors.js';
import type { WorkQueue } from './work-queue.js';

const DEDUPE_WINDOW_NS = 120 * 1e9;
const MAX_ACK_PENDING = 20_000;

/**
 * Work-queue retention: a message is gone once its partition's consumer acks it. `replicas` (NATS_STREAM_REPLICAS)
 * is 3 on a three-node JetStream cluster (docs/scale-out.md); it applies when the stream is created.
 */
export async function ensureWorkQueueStream(jsm: JetStreamManager, queue: WorkQueue<unknown>, namespace: string, replicas: number): Promise<void> {
  const name = queue.streamName(namespace);
  const subjects = [queue.wildcard(namespace)];
  try {
    await jsm.streams.info(name);
  } catch {
    await jsm.streams
      .add({ name, subjects, retention: RetentionPolicy.Workqueue, storage: StorageType.File, duplicate_window: DEDUPE_WINDOW_NS, num_replicas: replicas })
      .catch(async (err: unknown) => {
        // another process created it between our info and add
        await jsm.streams.info(name).catch(() => {
          throw err;
        });
      });
  }
}

/** The durable pull consumer of one partition, filtered to that partition's subject. */
export async function ensurePartitionConsumer(
  jsm: JetStreamManager,
  js: JetStreamClient,
  queue: WorkQueue<unknown>,
  target: { namespace: string; partition: number; ackWaitMs: number },
): Promise<Consumer> {
  const { namespace, partition } = target;
  const stream = queue.streamName(namespace);
  const durable = queue.consumerName(partition);
  const filter_subject = queue.subject(namespace, partition);
  const limits = { ack_wait: target.ackWaitMs * 1e6, max_ack_pending: MAX_ACK_PENDING };
  await jsm.consumers
    .add(stream, { durable_name: durable, filter_subject, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, ...limits })
    .catch(async () => {
      // it exists (another worker or an earlier run): bring its limits up to date
      await jsm.consumers.update(stream, durable, limits);
    });
  return js.consumers.get(stream, durable);
}

/**
 * Waits until a work-queue stream (or one subject of it) holds no message: every one published so far
 * was applied and acked. The stream is read, not a consumer: a consumer may be between owners.
 * Fails with UNAVAILABLE after `timeoutMs` (consumers down or stuck).
 */
export async function waitForEmptyStream(jsm: JetStreamManager, name: string, timeoutMs: number, subject?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await jsm.streams.info(name, subject ? { subjects_filter: subject } : undefined).catch(() => undefined);
    const held = !info ? 0 : subject ? (info.state.subjects?.[subject] ?? 0) : info.state.messages;
    if (held === 0) return;
    if (Date.now() > deadline) throw new EngineError('UNAVAILABLE', `stream ${name} still holds ${held} unapplied messages`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
