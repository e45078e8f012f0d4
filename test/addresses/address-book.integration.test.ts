// The address book on a real edge with an in-process orchestrator: CRUD, exactly one default (also
// under concurrent PATCHes), the cap, ownership (someone else's address is 404), and orders that name
// an address by id (a snapshot: later edits never change the order) or a receiver, exactly one of them.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { OrderFixture, receiver } from '../orders/order-fixture.js';
import { ScriptedGateway } from '../orders/scripted-gateway.js';

interface Address {
  id: number;
  label: string;
  name: string;
  phone: string;
  address: string;
  isDefault: boolean;
  version: number;
}

const home = { label: 'home', name: 'Kim Buyer', phone: '010-1111-2222', address: '1 Home Street, Seoul' };
const office = { label: 'office', name: 'Kim Buyer', phone: '010-3333-4444', address: '2 Office Road, Seoul' };

describe('address book (integration)', () => {
  let fx: OrderFixture;
  let nextUser = 7_000;
  const gateway = new ScriptedGateway();
  const buyer = () => fx.cat.token(++nextUser, 'buyer');
  const list = async (token: string): Promise<Address[]> => (await fx.cat.expect(200, 'GET', '/api/v1/addresses', token)).items;
  const add = (token: string, body: Record<string, unknown>): Promise<Address> => fx.cat.expect(201, 'POST', '/api/v1/addresses', token, body);
  const defaults = async (token: string) => (await list(token)).filter((a) => a.isDefault).map((a) => a.id);

  before(async () => {
    fx = await OrderFixture.start(['edge'], { ADDRESS_BOOK_MAX_PER_USER: '5' });
    await fx.startOrchestrator(gateway);
  });
  after(async () => {
    await fx?.close();
  });

  it('addresses - the first address is the default; another made default unsets it; deleting the default promotes the newest', async () => {
    const token = await buyer();
    assert.deepEqual(await list(token), []);
    const first = await add(token, home);
    assert.equal(first.isDefault, true);
    assert.deepEqual({ ...first, id: 0, version: 0, createdAt: '', updatedAt: '' }, { ...home, id: 0, isDefault: true, version: 0, createdAt: '', updatedAt: '' });
    const second = await add(token, office);
    assert.equal(second.isDefault, false);
    const third = await add(token, { ...office, label: 'parents', isDefault: true });
    assert.deepEqual(await defaults(token), [third.id]);
    assert.deepEqual((await list(token)).map((a) => a.id), [third.id, second.id, first.id], 'the default first, then the newest');

    const changed = await fx.cat.expect(200, 'PATCH', `/api/v1/addresses/${first.id}`, token, { address: '3 New Street, Seoul', isDefault: true });
    assert.equal(changed.address, '3 New Street, Seoul');
    assert.equal(changed.label, 'home', 'fields not sent stay');
    assert.deepEqual(await defaults(token), [first.id]);

    assert.equal((await fx.cat.send('DELETE', `/api/v1/addresses/${first.id}`, token)).status, 204);
    assert.deepEqual(await defaults(token), [third.id], 'the newest remaining address became the default');
    assert.equal((await fx.cat.send('DELETE', `/api/v1/addresses/${second.id}`, token)).status, 204);
    assert.deepEqual(await defaults(token), [third.id]);
    assert.equal((await fx.cat.send('DELETE', `/api/v1/addresses/${third.id}`, token)).status, 204);
    assert.deepEqual(await list(token), []);
    assert.equal((await fx.cat.send('DELETE', `/api/v1/addresses/${third.id}`, token)).status, 404);
  });

  it('addresses - bad input, the cap, a stale version and the default that cannot be unset answer documented codes', async () => {
    const token = await buyer();
    const code = async (method: string, path: string, body?: unknown) => {
      const a = await fx.cat.send(method, path, token, body);
      return [a.status, a.json().error.code];
    };
    assert.deepEqual(await code('POST', '/api/v1/addresses', { ...home, phone: 'call me' }), [400, 'INVALID_INPUT']);
    assert.deepEqual(await code('POST', '/api/v1/addresses', { ...home, address: 'x'.repeat(301) }), [400, 'INVALID_INPUT']);
    assert.deepEqual(await code('POST', '/api/v1/addresses', { ...home, extra: 1 }), [400, 'INVALID_INPUT']);
    const first = await add(token, home);
    assert.deepEqual(await code('PATCH', `/api/v1/addresses/${first.id}`, { isDefault: false }), [400, 'INVALID_INPUT']);
    assert.deepEqual(await code('PATCH', `/api/v1/addresses/${first.id}`, {}), [400, 'INVALID_INPUT']);
    assert.deepEqual(await code('PATCH', `/api/v1/addresses/${first.id}`, { name: 'Lee', version: first.version + 5 }), [409, 'VERSION_CONFLICT']);
    const renamed = await fx.cat.expect(200, 'PATCH', `/api/v1/addresses/${first.id}`, token, { name: 'Lee', version: first.version });
    assert.equal(renamed.version, first.version + 1);
    // null is absent: no label, no version check, nothing changed by a null field
    assert.equal((await fx.cat.expect(200, 'PATCH', `/api/v1/addresses/${first.id}`, token, { label: null, version: null, name: 'Lee Two' })).label, home.label);
    const unlabelled = await add(token, { ...office, label: null });
    assert.equal(unlabelled.label, '');
    assert.equal((await fx.cat.send('DELETE', `/api/v1/addresses/${unlabelled.id}`, token)).status, 204);
    // the cap (5 here) holds for additions sent at once
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => fx.cat.send('POST', '/api/v1/addresses', token, { ...office, label: `o${i}` })));
    assert.equal(answers.filter((a) => a.status === 201).length, 4);
    assert.ok(answers.filter((a) => a.status !== 201).every((a) => a.status === 409 && a.json().error.code === 'ADDRESS_BOOK_FULL'));
    assert.equal((await list(token)).length, 5);
    assert.equal((await fx.cat.send('GET', '/api/v1/addresses')).status, 401);
    assert.equal((await fx.cat.send('GET', '/api/v1/addresses', await fx.cat.token(9_001, 'seller'))).status, 403);
  });

  it('addresses - concurrent PATCHes making different addresses the default leave exactly one default', async () => {
    const token = await buyer();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await add(token, { ...office, label: `a${i}` })).id);
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(ids.map((id) => fx.cat.send('PATCH', `/api/v1/addresses/${id}`, token, { isDefault: true })));
      assert.deepEqual(answers.map((a) => a.status), ids.map(() => 200), answers.map((a) => a.text).join('\n'));
      const { rows } = await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM addresses WHERE id = ANY($1::bigint[]) AND is_default', [ids]);
      assert.equal(rows[0].n, 1);
      assert.equal((await defaults(token)).length, 1);
    }
  });

  it('addresses - another user\'s address answers 404 and is left alone', async () => {
    const owner = await buyer();
    const stranger = await buyer();
    const mine = await add(owner, home);
    assert.equal((await fx.cat.send('PATCH', `/api/v1/addresses/${mine.id}`, stranger, { name: 'Thief' })).status, 404);
    assert.equal((await fx.cat.send('PATCH', `/api/v1/addresses/${mine.id}`, stranger, { isDefault: true })).status, 404);
    assert.equal((await fx.cat.send('DELETE', `/api/v1/addresses/${mine.id}`, stranger)).status, 404);
    assert.deepEqual(await list(stranger), []);
    assert.deepEqual((await list(owner)).map((a) => [a.id, a.name, a.isDefault]), [[mine.id, home.name, true]]);
  });

  it('addresses - an order names an address by id and keeps a copy; both or neither, or someone else\'s address, are refused', async () => {
    const token = await buyer();
    const stranger = await buyer();
    const item = await fx.rx.item([50]);
    const sku = item.skus[0].id;
    const address = await add(token, office);
    const order = (body: Record<string, unknown>, who = token) =>
      fx.cat.send('POST', '/api/v1/orders', who, { items: [{ sku, quantity: 1 }], cardToken: 'tok_card_4242', ...body }, { 'idempotency-key': randomUUID() });

    const placed = await order({ addressId: address.id });
    assert.equal(placed.status, 202, placed.text);
    const { orderId } = placed.json();
    assert.equal((await fx.untilFinal(orderId)).status, 'PAID');
    await fx.cat.expect(200, 'PATCH', `/api/v1/addresses/${address.id}`, token, { address: '9 Moved Avenue, Busan', name: 'Someone Else' });
    const view = await fx.cat.expect(200, 'GET', `/api/v1/orders/${orderId}`, token);
    assert.deepEqual(view.receiver, { name: office.name, phone: office.phone, address: office.address }, 'the order kept the address as it was');

    const refused = async (p: Promise<{ status: number; json(): { error: { code: string } } }>) => {
      const a = await p;
      return [a.status, a.json().error.code];
    };
    assert.deepEqual(await refused(order({ addressId: address.id, receiver })), [400, 'RECEIVER_AMBIGUOUS']);
    assert.deepEqual(await refused(order({})), [400, 'RECEIVER_REQUIRED']);
    assert.deepEqual(await refused(order({ addressId: null, receiver: null })), [400, 'RECEIVER_REQUIRED']);
    const inline = await order({ addressId: null, receiver });
    assert.equal(inline.status, 202, inline.text);
    await fx.untilFinal(inline.json().orderId);
    assert.deepEqual(await refused(order({ addressId: address.id }, stranger)), [422, 'ADDRESS_NOT_FOUND']);
    assert.deepEqual(await refused(order({ addressId: 99_999_999 })), [422, 'ADDRESS_NOT_FOUND']);
    // the payment of an order that awaits one takes the same choice
    const pay = (body: Record<string, unknown>, who = token) =>
      fx.cat.send('POST', `/api/v1/orders/${orderId}/payment`, who, { cardToken: 'tok_card_4242', ...body }, { 'idempotency-key': randomUUID() });
    assert.deepEqual(await refused(pay({ addressId: address.id, receiver })), [400, 'RECEIVER_AMBIGUOUS']);
    assert.deepEqual(await refused(pay({})), [400, 'RECEIVER_REQUIRED']);
    assert.deepEqual(await refused(pay({ addressId: address.id }, stranger)), [422, 'ADDRESS_NOT_FOUND']);
    assert.deepEqual(await refused(pay({ addressId: address.id })), [409, 'ORDER_NOT_PAYABLE'], 'the address resolved, then the order was checked');
  });
});
