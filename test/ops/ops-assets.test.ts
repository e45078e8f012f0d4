// The Grafana dashboard, the Prometheus rules and the k6 scripts stay in step with the code: every
// metric they name exists, panels do not overlap, every alert has a runbook section in
// docs/operations.md, the k6 scripts send bodies the edge accepts and write their summaries.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { validateAttemptBody, validateNewSale } from '../../edge/http/schemas.js';
import { validateOrderBody, validatePaymentBody } from '../../edge/orders/order-schemas.js';
import { validateReservationBody } from '../../edge/reservation/reservation-schemas.js';
import { projectRoot } from '../../engine/platform/config.js';
import { defaultMetrics, definedMetrics, metricNamesIn, resolveSeries, type MetricType } from './metric-catalog.js';

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: { refId: string; expr: string }[];
}

const read = (path: string) => readFile(join(projectRoot, path), 'utf8');

async function knownMetrics(): Promise<Map<string, MetricType>> {
  return new Map([...(await defaultMetrics()), ...(await definedMetrics())]);
}

function assertKnown(where: string, expr: string, known: Map<string, MetricType>): void {
  const names = metricNamesIn(expr);
  assert.ok(names.length > 0 || /\bup\b/.test(expr), `${where}: names no metric: ${expr}`);
  for (const series of names) {
    const resolved = resolveSeries(series, known);
    assert.ok(resolved, `${where}: ${series} is neither defined in engine/, edge/, workers/ nor a prom-client default`);
    if (new RegExp(`\\b(?:rate|increase)\\(\\s*${series}\\b`).test(expr) && resolved.metric === series) {
      assert.equal(resolved.type, 'counter', `${where}: rate()/increase() of ${series}, a ${resolved.type}`);
    }
  }
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchors(markdown: string): Set<string> {
  const headings = markdown.split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) => l.replace(/^#+ /, ''));
  return new Set(headings.map((h) => h.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-')));
}

test('ops - every dashboard query names an existing metric and panels do not overlap', async () => {
  const known = await knownMetrics();
  const dashboard = JSON.parse(await read('ops/grafana/gopang-dashboard.json')) as { uid: string; panels: Panel[] };
  assert.equal(dashboard.uid, 'gopang-engine');
  const ids = dashboard.panels.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length, 'panel ids are unique');
  const cells = new Set<string>();
  for (const panel of dashboard.panels) {
    const { x, y, w, h } = panel.gridPos;
    assert.ok(x >= 0 && w > 0 && x + w <= 24, `${panel.title}: fits the 24-column grid`);
    for (let cx = x; cx < x + w; cx++) {
      for (let cy = y; cy < y + h; cy++) {
        assert.ok(!cells.has(`${cx},${cy}`), `${panel.title}: overlaps another panel at ${cx},${cy}`);
        cells.add(`${cx},${cy}`);
      }
    }
    if (panel.type === 'row') continue;
    assert.ok(panel.targets && panel.targets.length > 0, `${panel.title}: has queries`);
    assert.equal(new Set(panel.targets.map((t) => t.refId)).size, panel.targets.length, `${panel.title}: refIds are unique`);
    for (const t of panel.targets) assertKnown(`panel "${panel.title}"`, t.expr, known);
  }
});

test('ops - every alert names existing metrics and has a runbook section', async () => {
  const known = await knownMetrics();
  const yaml = await read('ops/prometheus/alerts.yml');
  const docs = await read('docs/operations.md');
  assert.ok(!yaml.includes('\t'), 'YAML is indented with spaces');
  const blocks = yaml.split(/^(?=\s*- alert: )/m).slice(1);
  assert.ok(blocks.length >= 6, 'the issue asks for at least six alerts');
  const names = new Set<string>();
  const sections = anchors(docs);
  for (const block of blocks) {
    const name = /- alert: (\w+)/.exec(block)![1];
    assert.ok(!names.has(name), `${name} is defined once`);
    names.add(name);
    const expr = /^\s+expr: (.+)$/m.exec(block)?.[1];
    assert.ok(expr, `${name}: has a one-line expr`);
    assertKnown(`alert ${name}`, expr, known);
    assert.match(block, /^\s+severity: (page|warning)$/m, `${name}: severity page or warning`);
    assert.match(block, /^\s+summary: ".+"$/m, `${name}: has a summary`);
    const runbook = /^\s+runbook: "docs\/operations\.md#([a-z0-9-]+)"$/m.exec(block)?.[1];
    assert.equal(runbook, name.toLowerCase(), `${name}: runbook anchor is the alert name`);
    assert.ok(sections.has(runbook), `${name}: docs/operations.md has a "${name}" heading`);
  }
});

const K6_HELPERS = ['common.js', 'requests.js'];

test('ops - k6 scripts parse, import only k6 modules and their helpers, and each writes a summary', async () => {
  const dir = join(projectRoot, 'bench/k6');
  const scripts = (await readdir(dir)).filter((f) => f.endsWith('.js'));
  assert.deepEqual(scripts.sort(), ['common.js', 'flash-sale.js', 'orders.js', 'purchase.js', 'requests.js', 'reservations.js', 'ws-push.js']);
  for (const script of scripts) {
    await promisify(execFile)(process.execPath, ['--check', join(dir, script)]);
    const source = await readFile(join(dir, script), 'utf8');
    const imports = [...source.matchAll(/^import [^;]* from '([^']+)';$/gm)].map((m) => m[1]);
    for (const from of imports) assert.match(from, /^(k6(\/[a-z]+)?|\.\/common\.js|\.\/requests\.js)$/, `${script} imports ${from}`);
    if (K6_HELPERS.includes(script)) continue;
    assert.match(source, /^export function handleSummary\(data\) \{\n  return summaryOutputs\('([a-z-]+)', data\);$/m, `${script} writes its summary`);
    assert.equal(/summaryOutputs\('([a-z-]+)'/.exec(source)?.[1], script.replace(/\.js$/, ''), `${script} names its summary after itself`);
  }
  assert.doesNotMatch(await readFile(join(dir, 'requests.js'), 'utf8'), /^import /m, 'requests.js imports nothing: Node reads it too');
});

test('ops - the request bodies of the k6 scripts pass the edge\'s own schemas', async () => {
  const bodies = (await import(pathToFileURL(join(projectRoot, 'bench/k6/requests.js')).href)) as K6Requests;
  const valid = (validate: (body: unknown) => boolean, body: unknown, what: string) => assert.ok(validate(body), `${what}: ${JSON.stringify(body)}`);
  valid(validateAttemptBody, bodies.attemptBody(), 'attempt');
  valid(validateNewSale, bodies.saleBody('K6-SKU', 1000, 1, Date.now(), 3600), 'new sale');
  valid(validateOrderBody, bodies.orderBody(101, 'tok_k6_4242'), 'order');
  valid(validatePaymentBody, bodies.paymentBody('tok_k6_4242'), 'payment');
  valid(validateReservationBody, bodies.reservationBody(101, ''), 'reservation');
  valid(validateReservationBody, bodies.reservationBody(101, '2026-12-24'), 'reservation of a slot');
});

interface K6Requests {
  attemptBody(): unknown;
  saleBody(sku: string, stock: number, perUserLimit: number, nowMs: number, openSec: number): unknown;
  orderBody(sku: number, cardToken: string): unknown;
  paymentBody(cardToken: string): unknown;
  reservationBody(sku: number, slot: string): unknown;
}
