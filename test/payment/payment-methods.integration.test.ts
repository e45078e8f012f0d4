// Payment methods through HTTP on real processes (edge, orchestrator, the fake PortOne gateway): a
// registered card's token pays a cart order, the declining test card's token is declined, list and
// delete stay with their owner, bad cards and bodies are refused, concurrent registrations hold the cap
// exactly, and no card number reaches the database or any process's output.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/engine-processes.js';
import { GatewayControl } from '../orders/order-books.js';
import { OrderFixture } from '../orders/order-fixture.js';

const MAX_PER_USER = 5;
const VISA = '4242424242424242';
const DECLINING = '4000000000000002';
const REFUSED = '4000000000000127';
const card = (cardNumber: string, more: Record<string, unknown> = {}) => ({ cardNumber, expiry: '2099-12', birth: '900101', pwd2digit: '12', ...more });

interface Method {
  id: number;
  cardToken: string;
  last4: string;
  brand: string;
  expiry: string;
  createdAt: string;
}

describe('payment methods (integration)', () => {
  let fx: OrderFixture;
  let gateway: GatewayControl;
  /** every card number a test sent, valid or not: none may be stored or logged */
  const sentNumbers = new Set<string>();

  const register = (token: string, body: Record<string, unknown>) => {
    if (typeof body.cardNumber === 'string') sentNumbers.add(body.cardNumber);
    return fx.cat.send('POST', '/api/v1/payment-methods', token, body);
  };
  async function registered(token: string, cardNumber: string): Promise<Method> {
    const answer = await register(token, card(cardNumber));
    assert.equal(answer.status, 201, answer.text);
    return answer.json() as Method;
  }
  const list = async (token: string) => (await fx.cat.expect(200, 'GET', '/api/v1/payment-methods', token)) as { items: Method[] };
  const errorCode = (answer: { json(): unknown }) => (answer.json() as { error: { code: string } }).error.code;

  /** A cart order of one unit paid with `cardToken`, followed until final. */
  async function cartOrder(token: string, cardToken: string) {
    const sku = (await fx.rx.item([10])).skus[0].id;
    await fx.cat.expect(200, 'POST', '/api/v1/cart/items', token, { sku, quantity: 1 });
    const answer = await fx.order(token, { fromCart: true, cardToken });
    assert.equal(answer.status, 202, answer.text);
    const { orderId } = answer.json() as { orderId: string };
    const order = await fx.untilFinal(orderId);
    const payment = await fx.db.query<{ status: string; card_last4: string | null }>('SELECT status, card_last4 FROM payments WHERE order_id = $1', [orderId]);
    return { ...order, payment: payment.rows[0] };
  }

  before(async () => {
    const port = await freePort();
    gateway = new GatewayControl(`http://127.0.0.1:${port}`);
    fx = await OrderFixture.start(['gateway', 'edge', 'orchestrator'], {
      FAKE_GATEWAY_PORT: String(port),
      PAYMENT_METHODS_MAX_PER_USER: String(MAX_PER_USER),
      // every request logged (roles run at LOG_LEVEL info), to search the output for card numbers
      REQUEST_LOG_LEVEL: 'info',
    });
  });
  after(async () => {
    await fx?.close();
  });

  it('payment methods - a registered card answers 201 with a billing key, and a cart order paid with it is PAID with its last four', async () => {
    const buyer = await fx.cat.token(710_001, 'buyer');
    const method = await registered(buyer, VISA);
    assert.match(method.cardToken, /^bk_[A-Za-z0-9_-]{24}$/);
    assert.equal(method.last4, '4242');
    assert.equal(method.brand, 'visa');
    assert.equal(method.expiry, '2099-12');
    assert.ok(Number.isInteger(method.id) && method.id > 0);
    const order = await cartOrder(buyer, method.cardToken);
    assert.equal(order.status, 'PAID');
    assert.deepEqual(order.payment, { status: 'PAID', card_last4: '4242' });
  });

  it('payment methods - the declining test card registers, and an order paid with its token is declined', async () => {
    const buyer = await fx.cat.token(710_002, 'buyer');
    const method = await registered(buyer, DECLINING);
    assert.equal(method.last4, '0002');
    assert.equal(method.brand, 'visa');
    const order = await cartOrder(buyer, method.cardToken);
    assert.equal(order.status, 'CANCELLED');
    assert.equal(order.failure_code, 'PAYMENT_DECLINED');
  });

  it('payment methods - brands are told from the prefix', async () => {
    const buyer = await fx.cat.token(710_003, 'buyer');
    const brands: Record<string, string> = {
      '5555555555554444': 'mastercard',
      '2223003122003222': 'mastercard',
      '378282246310005': 'amex',
      '6011111111111117': 'unknown',
    };
    for (const [cardNumber, brand] of Object.entries(brands)) {
      const method = await registered(buyer, cardNumber);
      assert.deepEqual([method.brand, method.last4], [brand, cardNumber.slice(-4)], cardNumber);
    }
  });

  it('payment methods - list and delete are the owner\'s; someone else\'s id is 404; a deleted card no longer pays', async () => {
    const owner = await fx.cat.token(710_004, 'buyer');
    const other = await fx.cat.token(710_005, 'buyer');
    const first = await registered(owner, VISA);
    const second = await registered(owner, '5555555555554444');
    const listed = await list(owner);
    assert.deepEqual(listed.items.map((m) => m.id), [first.id, second.id], 'oldest first');
    assert.deepEqual(listed.items[0], first, 'the list shows what registration answered');
    assert.deepEqual((await list(other)).items, []);

    const stolen = await fx.cat.send('DELETE', `/api/v1/payment-methods/${first.id}`, other);
    assert.equal(stolen.status, 404);
    assert.equal(errorCode(stolen), 'NOT_FOUND');
    assert.equal((await list(owner)).items.length, 2, 'nothing removed by the other user');

    const before = await gateway.stats();
    assert.equal((await fx.cat.send('DELETE', `/api/v1/payment-methods/${first.id}`, owner)).status, 204);
    assert.equal((await gateway.stats()).billingKeysDeleted - before.billingKeysDeleted, 1, 'the billing key is removed at the gateway');
    assert.deepEqual((await list(owner)).items.map((m) => m.id), [second.id]);
    assert.equal((await fx.cat.send('DELETE', `/api/v1/payment-methods/${first.id}`, owner)).status, 404, 'deleted already');
    assert.equal((await fx.cat.send('DELETE', '/api/v1/payment-methods/not-an-id', owner)).status, 404);

    const order = await cartOrder(owner, first.cardToken);
    assert.equal(order.status, 'CANCELLED');
    assert.equal(order.failure_code, 'PAYMENT_DECLINED');
  });

  it('payment methods - bad cards and bodies are refused with their codes; a bad check digit never reaches the gateway', async () => {
    const buyer = await fx.cat.token(710_006, 'buyer');
    const before = await gateway.stats();
    const refusals: [Record<string, unknown>, number, string][] = [
      [card('4242424242424241'), 422, 'CARD_INVALID'],
      [card(VISA, { expiry: '2020-01' }), 422, 'CARD_INVALID'],
      [card(VISA, { cvc: '123' }), 400, 'INVALID_INPUT'],
      [card('4242 4242 4242 4242'), 400, 'INVALID_INPUT'],
      [card('42424242'), 400, 'INVALID_INPUT'],
      [card(VISA, { expiry: '2099-13' }), 400, 'INVALID_INPUT'],
      [card(VISA, { birth: '901301' }), 400, 'INVALID_INPUT'],
      [card(VISA, { pwd2digit: '123' }), 400, 'INVALID_INPUT'],
      [{ cardNumber: VISA, expiry: '2099-12', birth: '900101' }, 400, 'INVALID_INPUT'],
    ];
    for (const [body, status, code] of refusals) {
      const answer = await register(buyer, body);
      assert.deepEqual([answer.status, errorCode(answer)], [status, code], JSON.stringify(body));
      assert.ok(!answer.text.includes(String(body.cardNumber)), 'the refusal does not echo the number');
    }
    assert.equal((await gateway.stats()).requests.issueBillingKey, before.requests.issueBillingKey, 'refused before the gateway');

    const refused = await register(buyer, card(REFUSED));
    assert.deepEqual([refused.status, errorCode(refused)], [422, 'CARD_REJECTED']);
    assert.equal((await fx.cat.send('POST', '/api/v1/payment-methods', undefined, card(VISA))).status, 401);
    assert.equal((await fx.cat.send('POST', '/api/v1/payment-methods', await fx.cat.token(710_007, 'seller'), card(VISA))).status, 403);
    assert.deepEqual((await list(buyer)).items, []);
  });

  it('payment methods - concurrent registrations beyond the cap: exactly the cap succeed, and no extra key stays at the gateway', async () => {
    const buyer = await fx.cat.token(710_008, 'buyer');
    const before = await gateway.stats();
    const answers = await Promise.all(Array.from({ length: 4 * MAX_PER_USER }, () => register(buyer, card(VISA))));
    const statuses = answers.map((a) => a.status);
    assert.equal(statuses.filter((s) => s === 201).length, MAX_PER_USER, JSON.stringify(statuses));
    assert.equal(statuses.filter((s) => s === 409).length, 3 * MAX_PER_USER);
    for (const answer of answers.filter((a) => a.status === 409)) assert.equal(errorCode(answer), 'PAYMENT_METHOD_LIMIT');
    assert.equal((await list(buyer)).items.length, MAX_PER_USER);
    const after = await gateway.stats();
    const live = after.billingKeysIssued - before.billingKeysIssued - (after.billingKeysDeleted - before.billingKeysDeleted);
    assert.equal(live, MAX_PER_USER, 'keys issued past the cap were removed again');

    const full = await register(buyer, card(VISA));
    assert.deepEqual([full.status, errorCode(full)], [409, 'PAYMENT_METHOD_LIMIT']);
  });

  it('payment methods - no card number is in any table or any process output', async () => {
    assert.ok(sentNumbers.size >= 10, 'the tests above sent card numbers');
    const { rows: tables } = await fx.db.query<{ name: string }>(
      `SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const stored = await fx.db.query<{ t: string }>('SELECT t::text FROM payment_methods t');
    assert.ok(stored.rows.length > 0, 'cards were stored');
    for (const { name } of tables) {
      const { rows } = await fx.db.query<{ t: string }>(`SELECT t::text FROM ${name} t`);
      const text = rows.map((r) => r.t).join('\n');
      for (const cardNumber of sentNumbers) assert.ok(!text.includes(cardNumber), `card ${cardNumber} stored in ${name}`);
    }
    const output = [...fx.cat.fx.roles.values()].map((role) => role.output()).join('\n');
    assert.match(output, /"route":"register_payment_method"/, 'registrations were logged at all');
    for (const cardNumber of sentNumbers) assert.ok(!output.includes(cardNumber), `card ${cardNumber} in the logs`);
  });
});
