// k6 version of `npm run bench:sale` (bench/support/scenarios.ts): the same two HTTP loads on
// POST /api/v1/sales/:id/attempts — admission (stock never runs out) and sold-out (every answer from
// the edge's memory) — each a warm-up then a measured run, one unique Idempotency-Key per request,
// buyer tokens round-robin, body {"quantity":1}. Thresholds: p99 < P99_MS (20) per measured scenario.
//
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e TOKENS_FILE=$PWD/tokens.json -e ADMIN_TOKEN=... bench/k6/flash-sale.js
// Env: VUS (1000), DURATION (10 s), WARMUP (3 s), SALE_ID / SOLD_OUT_SALE_ID (skip creating sales),
//      STOCK (10,000,000), PER_USER_LIMIT (100, the API maximum), SCENARIOS (admission,sold_out),
//      SUMMARY_FILE (k6-flash-sale-summary.json).
import { check, fail, sleep } from 'k6';
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import {
  BASE_URL, createSale, env, intEnv, jsonHeaders, newRunId, nextIdempotencyKey, nextToken, postJson, sequentialScenarios, summaryOutputs, tokens,
} from './common.js';
import { attemptBody } from './requests.js';

/** bench:sale's BENCH_CONNECTIONS default */
const VUS = intEnv('VUS', 1000);
const ATTEMPT_BODY = JSON.stringify(attemptBody());
const wanted = env('SCENARIOS', 'admission,sold_out').split(',').map((s) => s.trim());

const admitted = new Counter('gopang_admitted');
const soldOutAnswers = new Counter('gopang_sold_out_answers');

const execNames = { admission: 'admission', sold_out: 'soldOut' };
const plan = sequentialScenarios(['admission', 'sold_out'], wanted, (name) => execNames[name], VUS, (name) => ({
  [`http_req_failed{scenario:${name}}`]: ['rate<0.01'],
}));

export const options = {
  scenarios: plan.scenarios,
  thresholds: plan.thresholds,
  discardResponseBodies: true,
  setupTimeout: '60s',
  summaryTrendStats: ['avg', 'p(50)', 'p(90)', 'p(99)', 'max'],
};

/** Buys the only unit, then waits until the edges answer SOLD_OUT (the fast path learns it over NATS). */
function soldOutSale(runId) {
  const given = intEnv('SOLD_OUT_SALE_ID', 0);
  if (given > 0) return given;
  const saleId = createSale('K6-SOLD-OUT', 1, 1);
  const bought = postJson(`/api/v1/sales/${saleId}/attempts`, attemptBody(), tokens[0], { 'idempotency-key': `${runId}-buy` });
  if (bought.status !== 202) fail(`buying the only unit: ${bought.status} ${bought.body}`);
  const probe = postJson(`/api/v1/sales/${saleId}/attempts`, attemptBody(), tokens[1 % tokens.length], { 'idempotency-key': `${runId}-probe` });
  if (probe.status !== 409) fail(`sold-out probe: ${probe.status} ${probe.body}`);
  sleep(1);
  return saleId;
}

export function setup() {
  const runId = newRunId();
  const admissionSale = wanted.includes('admission')
    ? intEnv('SALE_ID', 0) || createSale('K6-ADMISSION', intEnv('STOCK', 10000000), intEnv('PER_USER_LIMIT', 100))
    : 0;
  const soldOut = wanted.includes('sold_out') ? soldOutSale(runId) : 0;
  console.log(`[k6] ${BASE_URL}: admission sale ${admissionSale}, sold-out sale ${soldOut}, ${tokens.length} tokens, run ${runId}`);
  return { runId, admissionSale, soldOut };
}

function attempt(runId, saleId, expected) {
  return http.post(`${BASE_URL}/api/v1/sales/${saleId}/attempts`, ATTEMPT_BODY, {
    headers: jsonHeaders(nextToken(), { 'idempotency-key': nextIdempotencyKey(runId) }),
    responseCallback: http.expectedStatuses(expected),
    tags: { name: 'attempt' },
  });
}

export function admission(data) {
  const res = attempt(data.runId, data.admissionSale, 202);
  if (check(res, { 'admitted (202)': (r) => r.status === 202 })) admitted.add(1);
}

export function soldOut(data) {
  const res = attempt(data.runId, data.soldOut, 409);
  if (check(res, { 'sold out (409)': (r) => r.status === 409 })) soldOutAnswers.add(1);
}

export function teardown(data) {
  if (!data.admissionSale) return;
  const sale = http.get(`${BASE_URL}/api/v1/sales/${data.admissionSale}`, { responseType: 'text' });
  if (sale.status === 200) console.log(`[k6] admission sale after the run: remaining ${sale.json('remaining')}, sold (durable) ${sale.json('sold')}`);
}

export function handleSummary(data) {
  return summaryOutputs('flash-sale', data);
}
