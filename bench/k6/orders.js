// k6 load on order intake, POST /api/v1/orders (the order saga, issue 5). The route is not built yet on
// every engine: setup probes it once and, on 404 NOT_FOUND, the run idles and passes ("skipped").
//
//   k6 run -e TOKENS_FILE=$PWD/tokens.json -e SKUS=101-300 bench/k6/orders.js
// Env: SKUS (required: "1,2,3" or "101-300"), ORDER_BODY (JSON template; "$SKU" is replaced per request),
//      VUS (200), DURATION (10 s), WARMUP (3 s), P99_MS (20).
import { check, fail, sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import { BASE_URL, P99_MS, env, intEnv, jsonHeaders, newRunId, nextIdempotencyKey, nextToken, postJson, skusFromEnv, tokens, warmAndMeasure } from './common.js';

const VUS = intEnv('VUS', 200);
const skus = skusFromEnv();
const template = env('ORDER_BODY', '{"items":[{"sku":$SKU,"quantity":1}]}');
const bodyFor = (sku) => template.replace(/\$SKU/g, String(sku));

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
  if (skus.length === 0) fail('SKUS is required, e.g. -e SKUS=101-300');
  const runId = newRunId();
  const probe = postJson('/api/v1/orders', JSON.parse(bodyFor(skus[0])), tokens[0], { 'idempotency-key': `${runId}-probe` });
  if (probe.status === 404) {
    console.warn(`[k6] POST /api/v1/orders answered 404 (${probe.body}): the order route is not built on ${BASE_URL}; skipping`);
    return { runId, skip: true };
  }
  if (probe.status !== 201 && probe.status !== 202) fail(`order probe: ${probe.status} ${probe.body}`);
  console.log(`[k6] ${BASE_URL}: orders over ${skus.length} SKUs, ${tokens.length} tokens, run ${runId}`);
  return { runId, skip: false };
}

export function order(data) {
  if (data.skip) {
    check(data, { 'orders route not built: skipped': (d) => d.skip }); // gives the checks threshold data
    sleep(1); // nothing to load: idle instead of spinning until the scenario ends
    return;
  }
  const res = http.post(`${BASE_URL}/api/v1/orders`, bodyFor(skus[exec.scenario.iterationInTest % skus.length]), {
    headers: jsonHeaders(nextToken(), { 'idempotency-key': nextIdempotencyKey(data.runId) }),
    responseCallback: http.expectedStatuses(201, 202),
    tags: { name: 'create_order' },
  });
  check(res, { 'order accepted (201/202)': (r) => r.status === 201 || r.status === 202 });
}
