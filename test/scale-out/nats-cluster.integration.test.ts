// The engine's work-queue stream created R3 (NATS_STREAM_REPLICAS=3) on a three-server JetStream
// cluster: it survives losing its leader with nothing lost, and the Nats-Msg-Id dedupe still holds
// after the failover. Skips (with the reason) where nats-server cannot run a cluster.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { jetstream, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats } from '../../engine/platform/messaging/nats-connection.js';
import { ensurePartitionConsumer, ensureWorkQueueStream } from '../../engine/platform/messaging/work-queue-stream.js';
import { saleQueue } from '../../engine/sale/sale-queue.js';
import { waitFor } from '../support/eventually.js';
import { startNatsCluster, waitForJetStreamPlacement, type LocalNatsCluster } from './nats-cluster.js';

const TICKETS = 400;

/** Polls through a failover: a probe's error (no leader yet) counts as not yet. */
function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<Exclude<T, false | undefined | null>> {
  return waitFor(() => probe().catch(() => undefined), { timeoutMs: 30_000, intervalMs: 200, message: what });
}

describe('nats cluster (integration)', () => {
  const namespace = `n${randomBytes(4).toString('hex')}`;
  let local: LocalNatsCluster | undefined;
  let skipped = '';
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  before(async () => {
    const started = await startNatsCluster(3);
    if ('skipped' in started) {
      skipped = started.skipped;
      console.log(`[nats-cluster] skipping: ${skipped}`);
      return;
    }
    local = started.cluster;
    nc = await connectNats({ url: [...local.urls.values()].join(','), credsFile: '', caFile: '' }, { maxReconnectAttempts: -1, reconnectTimeWait: 200 });
    jsm = await waitForJetStreamPlacement(nc, 3);
  });
  after(async () => {
    await nc?.close();
    await local?.stop();
  });

  it('nats cluster - an R3 work-queue stream loses nothing and doubles nothing when its leader dies', async (t) => {
    if (skipped) return t.skip(skipped);
    const stream = saleQueue.streamName(namespace);
    await ensureWorkQueueStream(jsm, saleQueue, namespace, 3);
    const info = await until('the stream has a leader and two replicas', async () => {
      const i = await jsm.streams.info(stream);
      return i.cluster?.leader && i.cluster.replicas?.length === 2 ? i : undefined;
    });
    assert.equal(info.config.num_replicas, 3);

    const js = jetstream(nc);
    const subject = saleQueue.subject(namespace, 0);
    const publish = (from: number, to: number) =>
      Promise.all(Array.from({ length: to - from }, (_, i) => js.publish(subject, String(from + i), { msgID: `ticket-${from + i}` })));
    await publish(0, TICKETS);

    const leader = info.cluster!.leader!;
    console.log(`[nats-cluster] killing the stream leader ${leader}`);
    await local!.kill(leader);
    const after = await until('a new stream leader', async () => {
      const i = await jsm.streams.info(stream);
      return i.cluster?.leader && i.cluster.leader !== leader ? i : undefined;
    });
    console.log(`[nats-cluster] new leader ${after.cluster!.leader}`);
    // the second half, and the first half again (what a sweeper republishing after a failover sends)
    await until('publishing works again', async () => (await publish(TICKETS, 2 * TICKETS)).length);
    await publish(0, TICKETS);
    assert.equal((await jsm.streams.info(stream)).state.messages, 2 * TICKETS, 'every ticket stored once');

    const consumer = await ensurePartitionConsumer(jsm, js, saleQueue, { namespace, partition: 0, ackWaitMs: 5_000 });
    const seen = new Set<string>();
    const deadline = Date.now() + 60_000;
    while (seen.size < 2 * TICKETS && Date.now() < deadline) {
      try {
        for await (const msg of await consumer.fetch({ max_messages: 200, expires: 2_000 })) {
          seen.add(msg.string());
          msg.ack();
        }
      } catch (err) {
        // the consumer's replicas may still be settling after the failover: fetch again
        console.log(`[nats-cluster] fetch failed, retrying: ${(err as Error).message}`);
      }
    }
    assert.equal(seen.size, 2 * TICKETS);
    await until('every message acked and gone (work queue)', async () => ((await jsm.streams.info(stream)).state.messages === 0 ? true : undefined));
  });
});
