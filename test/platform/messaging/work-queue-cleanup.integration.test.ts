// A test namespace's cleanup leaves no JetStream stream behind: every stream the engine's processes
// created for the namespace is gone afterwards, whichever queue it belongs to.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats } from '../../../engine/platform/messaging/nats-connection.js';
import { allWorkQueues } from '../../../engine/work-queues.js';
import { FlashSaleFixture } from '../../support/flash-sale-fixture.js';

it('work queues - cleanup of a namespace removes every stream its engine created', async () => {
  const fx = await FlashSaleFixture.start(['edge', 'worker']);
  const { namespace, nats } = fx.ns.config;
  const nc = await connectNats(nats);
  let closed = false;
  try {
    const jsm = await jetstreamManager(nc);
    const streamsOfNamespace = async () => {
      const names: string[] = [];
      for await (const name of jsm.streams.names()) if (name.startsWith(`${namespace.toUpperCase()}_`)) names.push(name);
      return names.sort();
    };
    assert.deepEqual(await streamsOfNamespace(), allWorkQueues.map((q) => q.streamName(namespace)).sort(), 'the edge and worker create every queue');
    closed = true;
    await fx.close();
    assert.deepEqual(await streamsOfNamespace(), []);
  } finally {
    if (!closed) await fx.close();
    await nc.close();
  }
});
