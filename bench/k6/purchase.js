// k6 of a whole flash-sale purchase as buyers live it: the rush on a sale of STOCK units (more attempts
// than units), then each admitted buyer pays the ticket's order. One iteration is one attempt: on 202 the
// same request goes again with the same Idempotency-Key (a client retrying must hear the same ticket), the
// ticket is polled until its order exists (CONFIRMED), the order is paid (POST /api/v1/orders/:id/payment)
// and polled until PAID. Teardown waits until every admitted unit is durable and counts units sold beyond
// the stock. Thresholds: no oversold unit, no second ticket for a key, every admitted buyer paid, attempt p99.
//
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e TOKENS_FILE=$PWD/tokens.json -e ADMIN_TOKEN=$ADMIN_TOKEN bench/k6/purchase.js
// Env: STOCK (1000), ATTEMPTS (5 × STOCK), VUS (200), PER_USER_LIMIT (1), SALE_ID (an existing open sale
//      instead of a new one), CARD_TOKEN (tok_k6_4242), WAIT_SEC (30: longest wait for an order, for PAID and
//      for durability), MAX_DURATION (300 s), P99_MS (20), SUMMARY_FILE (k6-purchase-summary.json).
import { check, fail, sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter, Gauge, Trend } from 'k6/metrics';
import {
  BASE_URL, CARD_TOKEN, P99_MS, createSale, getJson, intEnv, jsonHeaders, newRunId, summaryOutputs, tokens,
} from './common.js';
import { attemptBody, paymentBody } from './requests.js';

const VUS = intEnv('VUS', 200);
const WAIT_MS = intEnv('WAIT_SEC', 30) * 1000;
const POLL_SEC = 0.2;
const ATTEMPT_BODY = JSON.stringify(attemptBody());
const PAYMENT_BODY = JSON.stringify(paymentBody(CARD_TOKEN));

const admitted = new Counter('gopang_admitted');
const soldOut = new Counter('gopang_sold_out');
const limitReached = new Counter('gopang_limit_reached');
const paid = new Counter('gopang_paid');
const unpaid = new Counter('gopang_unpaid');
const duplicateTickets = new Counter('gopang_duplicate_tickets');
const oversoldUnits = new Counter('gopang_oversold_units');
const saleSold = new Gauge('gopang_sale_sold');
const saleRemaining = new Gauge('gopang_sale_remaining');
const orderReadyMs = new Trend('gopang_order_ready_ms', true);
const payToPaidMs = new Trend('gopang_pay_to_paid_ms', true);
const purchaseMs = new Trend('gopang_purchase_ms', true);

export const options = {
  scenarios: {
    rush: {
      executor: 'shared-iterations',
      exec: 'purchase',
      vus: VUS,
      iterations: intEnv('ATTEMPTS', 5 * intEnv('STOCK', 1000)),
      maxDuration: `${intEnv('MAX_DURATION', 300)}s`,
    },
  },
  thresholds: {
    'http_req_duration{name:attempt}': [`p(99)<${P99_MS}`],
    gopang_oversold_units: ['count==0'],
    gopang_duplicate_tickets: ['count==0'],
    gopang_unpaid: ['count==0'],
    checks: ['rate>0.99'],
  },
  discardResponseBodies: true,
  setupTimeout: '60s',
  teardownTimeout: `${intEnv('WAIT_SEC', 30) + 30}s`,
  summaryTrendStats: ['avg', 'p(50)', 'p(90)', 'p(99)', 'max'],
};

export function setup() {
  const runId = newRunId();
  const given = intEnv('SALE_ID', 0);
  const saleId = given || createSale('K6-PURCHASE', intEnv('STOCK', 1000), intEnv('PER_USER_LIMIT', 1));
  const sale = http.get(`${BASE_URL}/api/v1/sales/${saleId}`, { responseType: 'text' });
  if (sale.status !== 200) fail(`sale ${saleId}: ${sale.status} ${sale.body}`);
  const stock = sale.json('stock');
  console.log(`[k6] ${BASE_URL}: sale ${saleId} of ${stock} units, ${tokens.length} buyer tokens, run ${runId}`);
  return { runId, saleId, stock };
}

/** Polls `path` until `done(answer)` or the wait runs out; answers the last answer's JSON (undefined on timeout). */
function pollUntil(path, token, name, done) {
  for (const deadline = Date.now() + WAIT_MS; Date.now() < deadline; sleep(POLL_SEC)) {
    const res = getJson(path, token, name);
    if (res.status === 200 && done(res.json())) return res.json();
  }
  return undefined;
}

function attempt(data, token, key) {
  return http.post(`${BASE_URL}/api/v1/sales/${data.saleId}/attempts`, ATTEMPT_BODY, {
    headers: jsonHeaders(token, { 'idempotency-key': key }),
    responseCallback: http.expectedStatuses(202, 409),
    responseType: 'text',
    tags: { name: 'attempt' },
  });
}

export function purchase(data) {
  const n = exec.scenario.iterationInTest;
  const token = tokens[n % tokens.length];
  const key = `${data.runId}-${n}`;
  const started = Date.now();
  const res = attempt(data, token, key);
  if (res.status === 409) {
    const code = res.json('error.code');
    if (code === 'SOLD_OUT') soldOut.add(1);
    else if (code === 'LIMIT_REACHED') limitReached.add(1);
    check(res, { 'refused as sold out or over the limit': () => code === 'SOLD_OUT' || code === 'LIMIT_REACHED' });
    return;
  }
  if (!check(res, { 'admitted (202)': (r) => r.status === 202 })) return;
  admitted.add(1);
  const ticket = res.json('ticket');
  const replay = attempt(data, token, key);
  if (!check(replay, { 'a retry answers the same ticket': (r) => r.status === 202 && r.json('ticket') === ticket })) duplicateTickets.add(1);

  const confirmed = pollUntil(`/api/v1/tickets/${ticket}`, token, 'ticket', (t) => t.status !== 'ADMITTED');
  if (!check(confirmed, { "the ticket's order exists": (t) => t !== undefined && t.status === 'CONFIRMED' })) {
    unpaid.add(1);
    return;
  }
  orderReadyMs.add(Date.now() - started);
  const orderId = confirmed.orderId;
  const payStarted = Date.now();
  const pay = http.post(`${BASE_URL}/api/v1/orders/${orderId}/payment`, PAYMENT_BODY, {
    headers: jsonHeaders(token, { 'idempotency-key': `${key}-pay` }),
    responseCallback: http.expectedStatuses(202),
    tags: { name: 'pay' },
  });
  if (!check(pay, { 'payment accepted (202)': (r) => r.status === 202 })) {
    unpaid.add(1);
    return;
  }
  const order = pollUntil(`/api/v1/orders/${orderId}`, token, 'order', (o) => ['PAID', 'EXPIRED', 'CANCELLED'].includes(o.status));
  if (check(order, { 'the order is paid': (o) => o !== undefined && o.status === 'PAID' })) {
    paid.add(1);
    payToPaidMs.add(Date.now() - payStarted);
    purchaseMs.add(Date.now() - started);
  } else {
    unpaid.add(1);
  }
}

/** Waits until every admitted unit is an order row (sold = stock - remaining), then counts units beyond the stock. */
export function teardown(data) {
  let sale;
  for (const deadline = Date.now() + WAIT_MS; Date.now() < deadline; sleep(0.5)) {
    const res = http.get(`${BASE_URL}/api/v1/sales/${data.saleId}`, { responseType: 'text' });
    if (res.status !== 200) continue;
    sale = res.json();
    if (sale.sold === sale.stock - sale.remaining) break;
  }
  if (!sale) fail(`sale ${data.saleId} could not be read after the run`);
  saleSold.add(sale.sold);
  saleRemaining.add(sale.remaining);
  oversoldUnits.add(Math.max(0, sale.sold - sale.stock));
  // every counter a threshold names gets a sample, so "count==0" is judged on a value
  duplicateTickets.add(0);
  unpaid.add(0);
  console.log(`[k6] sale ${data.saleId} after the run: stock ${sale.stock}, sold (durable) ${sale.sold}, remaining ${sale.remaining}`);
}

export function handleSummary(data) {
  return summaryOutputs('purchase', data);
}
