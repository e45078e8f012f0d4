// k6 load on order intake, POST /api/v1/orders: each request orders one unit of a SKU (round-robin over
// SKUS) for the next buyer token, paid with CARD_TOKEN, to the receiver of requests.js, with a unique
// Idempotency-Key; 202 once the stock is held and the order handed to its actor (the orchestrator then
// charges it). A warm-up then a measured run, like the autocannon generator of `npm run bench:orders`.
//
//   k6 run -e TOKENS_FILE=$PWD/tokens.json -e SKUS=101-300 bench/k6/orders.js
// Env: SKUS (required: "1,2,3" or "101-300"; SKUs on sale with stock for the whole run), CARD_TOKEN
//      (tok_k6_4242), VUS (200), DURATION (10 s), WARMUP (3 s), P99_MS (20), SUMMARY_FILE (k6-orders-summary.json).
import { check, fail } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import {
  BASE_URL, CARD_TOKEN, P99_MS, intEnv, jsonHeaders, newRunId, nextIdempotencyKey, nextToken, postJson, skusFromEnv, summaryOutputs, tokens,
  warmAndMeasure,
} from './common.js';
import { orderBody } from './requests.js';

const VUS = intEnv('VUS', 200);
const skus = skusFromEnv();
const bodies = skus.map((sku) => JSON.stringify(orderBody(sku, CARD_TOKEN)));

export const options = {
  scenarios: warmAndMeasure('orders', 'order', 0, VUS),
  thresholds: {
    'http_req_duration{scenario:orders}': [`p(99)<${P99_MS}`],
    'checks{scenario:orders}': ['rate>0.99'],
  },
  discardResponseBodies: true,
  summaryTrendStats: ['avg', 'p(50)', 'p(90)', 'p(99)', 'max'],
};

export function setup() {
  if (skus.length === 0) fail('SKUS is required, e.g. -e SKUS=101-300 (SKUs on sale with stock)');
  const runId = newRunId();
  // one order before the load: a refused body, token or SKU stops the run here with the engine's answer
  const probe = postJson('/api/v1/orders', orderBody(skus[0], CARD_TOKEN), tokens[0], { 'idempotency-key': `${runId}-probe` });
  if (probe.status !== 202) fail(`order probe: ${probe.status} ${probe.body}`);
  console.log(`[k6] ${BASE_URL}: orders over ${skus.length} SKUs, ${tokens.length} tokens, run ${runId}`);
  return { runId };
}

export function order(data) {
  const res = http.post(`${BASE_URL}/api/v1/orders`, bodies[exec.scenario.iterationInTest % bodies.length], {
    headers: jsonHeaders(nextToken(), { 'idempotency-key': nextIdempotencyKey(data.runId) }),
    responseCallback: http.expectedStatuses(202),
    tags: { name: 'create_order' },
  });
  check(res, { 'order accepted (202)': (r) => r.status === 202 });
}

export function handleSummary(data) {
  return summaryOutputs('orders', data);
}
