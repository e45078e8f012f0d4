// Shared by the k6 scripts of bench/k6: settings from -e/environment, the token pool, request helpers,
// the summary every script writes. k6 cannot sign ES256, so buyer tokens are minted beforehand
// (docs/operations.md, "Load tests with k6"):
//   npm run tokens:mint -- --users 5000 --role buyer --out $PWD/tokens.json
import { fail } from 'k6';
import { SharedArray } from 'k6/data';
import exec from 'k6/execution';
import http from 'k6/http';
import { saleBody } from './requests.js';

export function env(name, fallback) {
  const value = __ENV[name];
  return value === undefined || value === '' ? fallback : value;
}

export function intEnv(name, fallback) {
  const value = Number(env(name, String(fallback)));
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

/** SKUS="1,2,3" or "101-300" (ranges and lists mix). */
export function skusFromEnv() {
  const skus = [];
  for (const part of env('SKUS', '').split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [from, to] = part.split('-').map(Number);
    if (!Number.isInteger(from) || from < 1 || (to !== undefined && !(to >= from))) throw new Error(`SKUS: bad part "${part}"`);
    for (let sku = from; sku <= (to === undefined ? from : to); sku++) skus.push(sku);
  }
  return skus;
}

export const BASE_URL = env('BASE_URL', 'http://127.0.0.1:8080').replace(/\/$/, '');
/** Same defaults as the autocannon benches (bench/support/bench-settings.ts): 10 s measured after a 3 s warm-up. */
export const DURATION_SEC = intEnv('DURATION', 10);
export const WARMUP_SEC = intEnv('WARMUP', 3);
/** p99 target of the issue, in ms, for the measured scenarios. */
export const P99_MS = intEnv('P99_MS', 20);
/** Card token orders and payments are paid with: the fake gateway pays any token without "decline" in it. */
export const CARD_TOKEN = env('CARD_TOKEN', 'tok_k6_4242');

// open() resolves relative paths differently across k6 versions: prefer an absolute TOKENS_FILE
const tokensFile = env('TOKENS_FILE', `${env('PWD', '.')}/tokens.json`);

/** Buyer tokens, loaded once and shared by all VUs (a JSON array of strings). */
export const tokens = new SharedArray('buyer tokens', () => {
  const list = JSON.parse(open(tokensFile));
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${tokensFile}: expected a non-empty JSON array of tokens`);
  return list;
});

/** Run id: keeps Idempotency-Keys unique across runs against the same engine. */
export function newRunId() {
  return `k6-${Date.now().toString(36)}`;
}

/** Round-robin over the pool by the scenario-wide iteration number, as the autocannon bench does. */
export function nextToken() {
  return tokens[exec.scenario.iterationInTest % tokens.length];
}

/** A key nobody used before: run, scenario, iteration. */
export function nextIdempotencyKey(runId) {
  return `${runId}-${exec.scenario.name}-${exec.scenario.iterationInTest}`;
}

export function jsonHeaders(token, extra) {
  return Object.assign({ 'content-type': 'application/json', authorization: `Bearer ${token}` }, extra || {});
}

/** Bodies are discarded by default (options.discardResponseBodies); setup calls need them. */
export function postJson(path, body, token, extraHeaders) {
  return http.post(`${BASE_URL}${path}`, JSON.stringify(body), { headers: jsonHeaders(token, extraHeaders), responseType: 'text' });
}

/** GET with the body kept, tagged by `name` so polls of many ids share one metric series. */
export function getJson(path, token, name) {
  return http.get(`${BASE_URL}${path}`, { headers: { authorization: `Bearer ${token}` }, responseType: 'text', tags: { name } });
}

/** The admin token for setup: ADMIN_TOKEN (e.g. `npm run -s token -- --user 1 --role admin --ttl 3600`). */
export function adminToken() {
  const token = env('ADMIN_TOKEN', '');
  if (!token) throw new Error('ADMIN_TOKEN is required to create sales in setup (or pass SALE_ID / SOLD_OUT_SALE_ID)');
  return token;
}

/** Creates a sale open from now for an hour (ADMIN_TOKEN) and answers its id. */
export function createSale(sku, stock, perUserLimit) {
  const answer = postJson('/api/v1/admin/sales', saleBody(sku, stock, perUserLimit, Date.now(), 3600), adminToken());
  if (answer.status !== 201) fail(`create sale: ${answer.status} ${answer.body}`);
  return answer.json('id');
}

/** Schedules a warm-up (not measured) then the measured run of one exec function, starting at `atSec`. */
export function warmAndMeasure(name, execName, atSec, vus) {
  const scenarios = {};
  if (WARMUP_SEC > 0) {
    scenarios[`${name}_warmup`] = { executor: 'constant-vus', exec: execName, vus, duration: `${WARMUP_SEC}s`, startTime: `${atSec}s`, tags: { phase: 'warmup' } };
  }
  scenarios[name] = { executor: 'constant-vus', exec: execName, vus, duration: `${DURATION_SEC}s`, startTime: `${atSec + WARMUP_SEC}s`, tags: { phase: 'measured' } };
  return scenarios;
}

/** Seconds one warmAndMeasure block takes, plus a pause so the previous load drains. */
export const BLOCK_SEC = WARMUP_SEC + DURATION_SEC + 2;

/**
 * Scenarios run one after another, each warmed up then measured, for the wanted names; `execOf` maps a
 * scenario name to its exported function. Thresholds: p99 under P99_MS and 99 % of checks passing.
 */
export function sequentialScenarios(names, wanted, execOf, vus, extraThresholds = () => ({})) {
  let at = 0;
  let scenarios = {};
  const thresholds = {};
  for (const name of names) {
    if (!wanted.includes(name)) continue;
    scenarios = Object.assign(scenarios, warmAndMeasure(name, execOf(name), at, vus));
    at += BLOCK_SEC;
    thresholds[`http_req_duration{scenario:${name}}`] = [`p(99)<${P99_MS}`];
    thresholds[`checks{scenario:${name}}`] = ['rate>0.99'];
    Object.assign(thresholds, extraThresholds(name));
  }
  return { scenarios, thresholds };
}

/**
 * What every script's handleSummary returns: a short text summary on stdout (k6 prints its own only
 * without a handleSummary) and a JSON summary in SUMMARY_FILE (default k6-<script>-summary.json): the run's
 * duration, each threshold and whether it held, every metric's values and what setup() answered.
 */
export function summaryOutputs(script, data) {
  const thresholds = {};
  const metrics = {};
  for (const name of Object.keys(data.metrics).sort()) {
    const metric = data.metrics[name];
    metrics[name] = metric.values;
    for (const [expression, result] of Object.entries(metric.thresholds || {})) thresholds[`${name}: ${expression}`] = result.ok;
  }
  const summary = {
    script,
    baseUrl: BASE_URL,
    finishedAt: new Date().toISOString(),
    durationMs: data.state.testRunDurationMs,
    thresholdsPassed: Object.values(thresholds).every(Boolean),
    thresholds,
    metrics,
    setup: data.setup_data || null,
  };
  return { stdout: textSummary(summary), [env('SUMMARY_FILE', `k6-${script}-summary.json`)]: `${JSON.stringify(summary, null, 1)}\n` };
}

function textSummary(summary) {
  const number = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(2));
  const lines = [`\n${summary.script} against ${summary.baseUrl}: ${(summary.durationMs / 1000).toFixed(1)} s, thresholds ${summary.thresholdsPassed ? 'held' : 'FAILED'}`];
  for (const [threshold, ok] of Object.entries(summary.thresholds)) lines.push(`  ${ok ? 'ok  ' : 'FAIL'} ${threshold}`);
  for (const [name, values] of Object.entries(summary.metrics)) {
    lines.push(`  ${name}: ${Object.entries(values).map(([k, v]) => `${k}=${number(v)}`).join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
