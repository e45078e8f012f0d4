// The partition actor's linger (WORKER_BATCH_LINGER_MS): a few messages arriving close together are one
// batch, a full batch goes at once, and stopping does not wait out the linger. JetStream is replaced by a
// consumer that hands messages to the actor's callback, since what is tested is the actor's batching.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Consumer, JsMsg } from '@nats-io/jetstream';
import { PartitionActor } from '../../../workers/partitions/partition-actor.js';

class RecordingActor extends PartitionActor<number, void> {
  readonly batches: number[][] = [];
  protected decode(data: Uint8Array): number[] {
    return [data[0]];
  }
  protected async apply(records: number[]): Promise<void> {
    this.batches.push(records);
  }
  protected async afterCommit(): Promise<void> {}
}

function handOver() {
  let deliver: (msg: JsMsg) => void = () => assert.fail('the actor has not started');
  const consumer = {
    consume: async ({ callback }: { callback: (msg: JsMsg) => void }) => {
      deliver = callback;
      return { close: async () => {} };
    },
  } as unknown as Consumer;
  const acked: number[] = [];
  const naked: number[] = [];
  const send = (n: number) =>
    deliver({ data: Uint8Array.of(n), seq: n, ack: () => acked.push(n), nak: () => naked.push(n), term: () => {} } as unknown as JsMsg);
  return { consumer, send, acked, naked };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A started actor of partition 0 and the queue that feeds it. */
async function startedActor(batchMaxMessages: number, lingerMs?: number) {
  const queue = handOver();
  const actor = new RecordingActor(queue.consumer, 0, batchMaxMessages, lingerMs);
  await actor.start();
  return { queue, actor };
}

/** Sends 1, 2, 3 with 10 ms between them. */
async function sendThreeSpaced(queue: ReturnType<typeof handOver>): Promise<void> {
  for (const n of [1, 2, 3]) {
    queue.send(n);
    await sleep(10);
  }
}

test('messages that arrive within the linger are applied as one batch', async () => {
  const { queue, actor } = await startedActor(64, 100);
  await sendThreeSpaced(queue);
  await sleep(200);
  assert.deepEqual(actor.batches, [[1, 2, 3]]);
  assert.deepEqual(queue.acked, [1, 2, 3]);
  await actor.stop(false);
});

test('without a linger each message that finds the actor idle is its own batch', async () => {
  const { queue, actor } = await startedActor(64);
  await sendThreeSpaced(queue);
  assert.deepEqual(actor.batches, [[1], [2], [3]]);
  await actor.stop(false);
});

test('a full batch does not wait for the linger', async () => {
  const { queue, actor } = await startedActor(2, 10_000);
  queue.send(1);
  queue.send(2);
  await sleep(50);
  assert.deepEqual(actor.batches, [[1, 2]]);
  await actor.stop(false);
});

test('stopping ends the linger at once and hands the waiting messages back', async () => {
  const { queue, actor } = await startedActor(64, 10_000);
  queue.send(1);
  const started = performance.now();
  await actor.stop(false);
  assert.ok(performance.now() - started < 1_000, 'stop waited out the linger');
  assert.deepEqual(actor.batches, []);
  assert.deepEqual(queue.naked, [1]);
});
