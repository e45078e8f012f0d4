// bench:report: the dated sections of docs/benchmarks.md become chartable figures and SVG bar charts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartsOf } from '../../bench/report/bench-charts.js';
import { parseBenchmarks, SALE_KIND } from '../../bench/report/benchmark-sections.js';
import { renderBarChart } from '../../bench/report/svg-bar-chart.js';

// shaped like the sections bench/support/report.ts, bench/auth/auth-report.ts, bench/reserve-bench.ts and bench/ws/ws-report.ts append
const SAMPLE = `# Benchmarks

Intro text.

## 2026-11-27 10:00 UTC

| figure | value |
|---|---|
| Redis ceiling: admit.lua EVALSHA, 50 clients, unpipelined | 43,210 /s |
| admission, 1,000 connections | 30,000 req/s |
| admission latency p50 / p99 | 3 / 12 ms |
| durability lag after the load stopped | 2.3 s |

| target | measured | met |
|---|---|---|
| ≥ 25,000 durable orders/s | 21,000 /s (peak 25,000 /s) | no |

## 2026-11-27 11:00 UTC — auth

| figure | value |
|---|---|
| GET /api/v1/auth/ping, 100 connections | 12,497 req/s (p50 / p99 5 / 43 ms, non-2xx 0, errors 0) |

## 2026-11-27 12:00 UTC — reservations and catalog listing

| reservation scenario | requests/s | admitted/s | durably held/s | lag after load | p50 ms | p99 ms | other answers |
|---|---|---|---|---|---|---|---|
| spread (200 SKUs) | 9,000 | 8,900 | 8,000 | 120 ms | 10 | 35 | none |

## WebSocket push, 2026-11-27 13:00 UTC

### 1 edge process (one port, SO_REUSEPORT)

| figure | value |
|---|---|
| connect rate (token verify + upgrade + hello) | 5,000 /s |
| per-user push p50 / p99 / max | 1.0 ms / 2.5 ms / 9.0 ms (10 of 10 delivered) |

## 2026-11-27 14:00 UTC

| figure | value |
|---|---|
| admission, 1,000 connections | 33,000 req/s |
| admission latency p50 / p99 | 2 / 9 ms |
`;

test('bench report - reads rates and p99 latencies from every kind of dated section', () => {
  const sections = parseBenchmarks(SAMPLE);
  assert.deepEqual(sections.map((s) => [s.kind, s.when]), [
    [SALE_KIND, '2026-11-27 10:00'],
    ['auth', '2026-11-27 11:00'],
    ['reservations and catalog listing', '2026-11-27 12:00'],
    ['WebSocket push', '2026-11-27 13:00'],
    [SALE_KIND, '2026-11-27 14:00'],
  ]);
  assert.deepEqual(sections[0].figures, [
    { label: 'Redis ceiling: admit.lua EVALSHA, 50 clients, unpipelined', perSec: 43_210 },
    { label: 'admission, 1,000 connections', perSec: 30_000 },
    { label: 'admission latency p50 / p99', p99Ms: 12 },
  ]);
  assert.deepEqual(sections[1].figures, [{ label: 'GET /api/v1/auth/ping, 100 connections', perSec: 12_497, p99Ms: 43 }]);
  assert.deepEqual(sections[2].figures, [
    { label: 'spread (200 SKUs): requests/s', perSec: 9_000 },
    { label: 'spread (200 SKUs): admitted/s', perSec: 8_900 },
    { label: 'spread (200 SKUs): durably held/s', perSec: 8_000 },
    { label: 'spread (200 SKUs)', p99Ms: 35 },
  ]);
  assert.deepEqual(sections[3].figures, [
    { label: '1 edge process (one port, SO_REUSEPORT): connect rate (token verify + upgrade + hello)', perSec: 5_000 },
    { label: '1 edge process (one port, SO_REUSEPORT): per-user push p50 / p99 / max', p99Ms: 2.5 },
  ]);
});

test('bench report - one throughput and one p99 chart per kind, runs as series, labels of the newest run', () => {
  const charts = chartsOf(parseBenchmarks(SAMPLE));
  assert.deepEqual(charts.map((c) => c.file), [
    'flash-sale-throughput.svg', 'flash-sale-p99.svg', 'auth-throughput.svg', 'auth-p99.svg',
    'reservations-and-catalog-listing-throughput.svg', 'reservations-and-catalog-listing-p99.svg',
    'websocket-push-throughput.svg', 'websocket-push-p99.svg',
  ]);
  const sale = charts[0].chart;
  assert.deepEqual(sale.series, ['2026-11-27 10:00 UTC', '2026-11-27 14:00 UTC']);
  // the newest run did not measure the Redis ceiling: its labels lead
  assert.deepEqual(sale.groups, [{ label: 'admission, 1,000 connections', values: [30_000, 33_000] }]);
  assert.deepEqual(charts[1].chart.groups, [{ label: 'admission latency p50 / p99', values: [12, 9] }]);
});

test('bench report - the SVG has one bar per measured value and escapes labels', () => {
  const svg = renderBarChart({
    title: 'a & b',
    unit: 'per second',
    series: ['run 1', 'run 2'],
    groups: [{ label: 'GET <hello>', values: [10, undefined] }, { label: 'x', values: [5, 20] }],
  });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.ok(svg.trimEnd().endsWith('</svg>'));
  assert.ok(svg.includes('a &amp; b') && svg.includes('GET &lt;hello&gt;') && !svg.includes('<hello>'));
  assert.equal(svg.match(/<rect x="\d+" y="\d+" width="[\d.]+" height="14"/g)?.length, 3);
  // the largest value spans the whole plot width (900 - 360 label - 90 value room)
  assert.ok(svg.includes('width="450.0"'));
});
