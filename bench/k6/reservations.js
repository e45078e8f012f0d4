// k6 version of the reservation loads of `npm run bench:reserve` (bench/reserve/reserve-scenarios.ts):
// POST /api/v1/reservations {items:[{sku, quantity:1}]} with a unique Idempotency-Key, spread over
// many SKUs, then contention on one hot SKU. Each a warm-up then a measured run. Every token keeps what
// it holds: start the engine with a RESERVATION_MAX_HELD_UNITS_PER_USER above the holds per token.
//
//   k6 run -e TOKENS_FILE=$PWD/tokens.json -e SKUS=101-300 -e HOT_SKU=301 bench/k6/reservations.js
// Env: SKUS (required: "1,2,3" or "101-300"; SKUs on sale with enough stock), HOT_SKU (first of SKUS),
//      SLOT (for RESERVABLE SKUs: one they list), VUS (200), DURATION (10 s), WARMUP (3 s), P99_MS (20), SCENARIOS (spread,contention),
//      SUMMARY_FILE (k6-reservations-summary.json).
import { check, fail } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import {
  BASE_URL, env, intEnv, jsonHeaders, newRunId, nextIdempotencyKey, nextToken, sequentialScenarios, skusFromEnv, summaryOutputs, tokens,
} from './common.js';
import { reservationBody } from './requests.js';

/** bench:reserve's BENCH_CONNECTIONS default */
const VUS = intEnv('VUS', 200);
const wanted = env('SCENARIOS', 'spread,contention').split(',').map((s) => s.trim());

const skus = skusFromEnv();
const hotSku = intEnv('HOT_SKU', skus[0] || 0);
const slot = env('SLOT', '');

function bodiesOf(list) {
  return list.map((sku) => JSON.stringify(reservationBody(sku, slot)));
}
const spreadBodies = bodiesOf(skus);
const hotBodies = bodiesOf([hotSku]);

const plan = sequentialScenarios(['spread', 'contention'], wanted, (name) => name, VUS);

export const options = {
  scenarios: plan.scenarios,
  thresholds: plan.thresholds,
  discardResponseBodies: true,
  summaryTrendStats: ['avg', 'p(50)', 'p(90)', 'p(99)', 'max'],
};

export function setup() {
  if (skus.length === 0 || !hotSku) fail('SKUS is required, e.g. -e SKUS=101-300 (SKUs in SALES lifecycle with stock)');
  const runId = newRunId();
  console.log(`[k6] ${BASE_URL}: ${skus.length} SKUs spread, hot SKU ${hotSku}, ${tokens.length} tokens, run ${runId}`);
  return { runId };
}

function reserve(runId, bodies) {
  // round-robin over the SKUs by the scenario-wide iteration, like the autocannon generator's counter
  const res = http.post(`${BASE_URL}/api/v1/reservations`, bodies[exec.scenario.iterationInTest % bodies.length], {
    headers: jsonHeaders(nextToken(), { 'idempotency-key': nextIdempotencyKey(runId) }),
    responseCallback: http.expectedStatuses(202),
    tags: { name: 'create_reservation' },
  });
  check(res, { 'reserved (202)': (r) => r.status === 202 });
}

export function spread(data) {
  reserve(data.runId, spreadBodies);
}

export function contention(data) {
  reserve(data.runId, hotBodies);
}

export function handleSummary(data) {
  return summaryOutputs('reservations', data);
}
