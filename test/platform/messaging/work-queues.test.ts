// The list of work queues, without servers: names stay what running deployments already hold, no two
// queues (nor a queue and a core NATS subject) share a stream or subjects, and each codec round-trips.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Packr } from 'msgpackr';
import { orderAdvanceSubject } from '../../../engine/orders/order-queue.js';
import { pushSubject } from '../../../engine/push/push-subjects.js';
import { soldOutWildcard } from '../../../engine/sale/sale-subjects.js';
import { allWorkQueues } from '../../../engine/work-queues.js';

const NS = 'gopang';
const PARTITIONS = 8;

/** A few items of each queue, by name: a queue added to the list without samples fails below. */
const samples: Record<string, unknown[]> = {
  sale: [
    [42, '0192e4b2-7c1a-7e3b-9f00-1234567890ab', 7, 2, '', 'key-1'],
    [43, '0192e4b2-7c1a-7e3b-9f00-1234567890ac', 8, 1],
  ],
  reservation: [['0192e4b2-7c1a-7e3b-9f00-1234567890ad', 7, 1_700_000_000_000, [[5, 2, ''], [6, 1, '2026-12-24']], 'print', 'key|with|bars']],
  order: [
    {
      id: '0192e4b2-7c1a-7e3b-9f00-1234567890ae', userId: 7, source: 'API', idempotencyKey: 'key-2', kind: 'NEW', outcome: 'HELD',
      lines: [[5, 1, 3, 2, 10_000]], total: 20_000, receiver: { name: 'Kim', phone: '010-1234-5678', address: 'Seoul' },
      deliveryNote: '', cardToken: 'tok', holdExpiresAtMs: 1_700_000_000_000, print: 'print',
    },
    {
      id: '0192e4b2-7c1a-7e3b-9f00-ffffffffffff', userId: 8, source: 'INTERNAL', idempotencyKey: 'key-3', kind: 'NEW', outcome: 'REFUSED',
      failureCode: 'INSUFFICIENT_STOCK', lines: [[5, 1, 3, 1, 10_000]], total: 10_000, receiver: { name: 'Lee', phone: '010', address: 'Busan' },
      deliveryNote: 'door', cardToken: 'tok', holdExpiresAtMs: 1_700_000_000_000, print: 'print2',
    },
  ],
};

/** NATS subject matching: `*` is one token, `>` the rest. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

it('work queues - stream, subject and consumer names are the ones deployed streams already have', () => {
  const names = Object.fromEntries(allWorkQueues.map((q) => [q.name, [q.streamName(NS), q.wildcard(NS), q.subject(NS, 3), q.consumerName(3)]]));
  assert.deepEqual(names, {
    sale: ['GOPANG_SALES', 'gopang.sale.*', 'gopang.sale.3', 'sale-p3'],
    reservation: ['GOPANG_RESERVATIONS', 'gopang.reservation.*', 'gopang.reservation.3', 'reservation-p3'],
    order: ['GOPANG_ORDERS', 'gopang.order.*', 'gopang.order.3', 'order-p3'],
  });
});

it('work queues - each queue has its own stream and subject space, apart from core NATS subjects', () => {
  assert.equal(new Set(allWorkQueues.map((q) => q.streamName(NS))).size, allWorkQueues.length, 'distinct streams');
  const coreWildcards = [soldOutWildcard(NS), pushSubject(NS, '>'), orderAdvanceSubject(NS)];
  for (const queue of allWorkQueues) {
    assert.match(queue.name, /^[a-z][a-z-]*$/, 'one subject token');
    for (let p = 0; p < PARTITIONS; p++) {
      const subject = queue.subject(NS, p);
      assert.ok(matches(queue.wildcard(NS), subject), `${subject} is in its own stream`);
      for (const other of allWorkQueues) {
        if (other !== queue) assert.ok(!matches(other.wildcard(NS), subject), `${subject} is not in ${other.name}'s stream`);
      }
      for (const core of coreWildcards) assert.ok(!matches(core, subject), `${subject} is not a core subject (${core})`);
    }
  }
});

it('work queues - encode and decode round-trip, in the plain msgpack batch envelope', () => {
  const plain = new Packr({ useRecords: false });
  for (const queue of allWorkQueues) {
    const items = samples[queue.name];
    assert.ok(items, `samples for queue ${queue.name}`);
    const data = queue.encode(items);
    assert.deepEqual(queue.decode(data), items);
    assert.deepEqual(plain.unpack(data), { [queue.batchField]: items }, 'readable by any msgpack client');
    assert.throws(() => queue.decode(plain.pack({ other: items })), /malformed/);
    assert.throws(() => queue.decode(plain.pack(7)), /malformed/);
    for (const item of items) {
      const partition = queue.partitionOf(item, PARTITIONS);
      assert.ok(Number.isInteger(partition) && partition >= 0 && partition < PARTITIONS, `${queue.name} partition ${partition}`);
    }
  }
});
