// bench:report's HTML: saved runs (bench/results/*.json) become one self-contained page with, per run,
// its headline figures (bench:compare's oversold units and duplicates) and, per scenario, a throughput
// chart carrying the run's ceilings as dashed lines and a latency chart. Every bench saves its run.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../engine/platform/config.js';
import { MAX_RUNS, renderResultsHtml } from '../../bench/report/results-html.js';
import { STATIC_CEILINGS } from '../../bench/report/static-ceilings.js';
import type { SecondSample } from '../../bench/support/per-second-samples.js';
import { loadRuns, saveRun, type SavedLoad, type SavedRun } from '../../bench/support/saved-runs.js';

function samples(perSec: number, seconds: number): SecondSample[] {
  return Array.from({ length: seconds }, (_, i) => ({ atSec: i + 1, durationSec: 1, answers: perSec, non2xx: 0, p50Ms: 5, p99Ms: 20, maxMs: 40 }));
}

function load(scenario: string, target: string, perSec: number): SavedLoad {
  return {
    scenario, target, connections: 1_000, rps: perSec, requests: perSec * 3,
    latencyMs: { mean: 6, p50: 5, p99: 20, max: 40 }, statuses: { 202: perSec * 3 - 7, 409: 7 }, errors: 0, timeouts: 0, samples: samples(perSec, 3),
  };
}

// shaped like bench/compare-bench.ts saves it
const COMPARE_RUN: SavedRun = {
  bench: 'compare', startedAt: '2026-11-27T17:00:00.000Z', command: 'npm run bench:compare', commit: 'abc1234', node: 'v20.20.2', cores: 2, loadAverage: 0.5,
  ceilings: [{ label: 'Redis admit.lua alone, 50 clients', perSec: 36_000 }, { label: 'bare uWS GET hello', perSec: 48_000 }],
  loads: [
    load('bare uWS GET hello (ceiling)', 'bare uWS', 48_000),
    load('admission (stock never runs out)', 'engine', 12_000),
    load('retry <twice>', 'engine', 9_000),
    load('admission (stock never runs out)', 'baseline', 600),
    load('retry <twice>', 'baseline', 500),
  ],
  figures: [
    { label: 'oversold units (units sold − stock)', target: 'engine', value: 0, unit: 'units', headline: true },
    { label: 'duplicate orders under retry', target: 'engine', value: 0, unit: 'orders', headline: true },
    { label: 'oversold units (units sold − stock)', target: 'baseline', value: 486, unit: 'units', headline: true },
    { label: 'duplicate orders under retry', target: 'baseline', value: 5_000, unit: 'orders', headline: true },
    { label: 'durable orders <per second>', target: 'engine', value: 9_529, unit: '/s' },
  ],
};

/** The cells of the first table of `kind` in the html, row by row. */
function tableRows(html: string, kind: string): string[][] {
  const table = new RegExp(`<table class="${kind}">(.*?)</table>`).exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) => [...row[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) => cell[1]));
}

const throughputCharts = (html: string) => html.match(/<svg [^>]*class="line-chart"[^>]*>\n<title>[^<]*answers per second<\/title>/g) ?? [];

test('bench results report - one throughput and one latency chart per scenario, contenders as lines', () => {
  const html = renderResultsHtml([COMPARE_RUN], new Date('2026-11-27T18:00:00Z'));
  assert.match(html, /^<!doctype html>/);
  assert.ok(html.trimEnd().endsWith('</html>'));
  assert.equal(throughputCharts(html).length, 3);
  assert.equal(html.match(/latency per second<\/title>/g)?.length, 3);
  assert.equal(html.match(/<h3>/g)?.length, 3);
  // admission: engine and baseline lines; latency: p99 and p50 per contender
  const admission = html.slice(html.indexOf('<h3>admission'), html.indexOf('<h3>retry'));
  assert.equal(admission.match(/<polyline class="series"/g)?.length, 2 + 4);
  assert.ok(html.includes('retry &lt;twice&gt;') && !html.includes('<twice>'));
});

test('bench results report - the ceilings measured in the run are reference lines on every throughput chart', () => {
  const html = renderResultsHtml([COMPARE_RUN], new Date());
  assert.equal(html.match(/<line class="reference"/g)?.length, 3 * COMPARE_RUN.ceilings.length);
  assert.ok(html.includes('Redis admit.lua alone, 50 clients: 36,000') && html.includes('bare uWS GET hello: 48,000'));
  for (const ceiling of STATIC_CEILINGS) assert.ok(html.includes(ceiling.figure.replace(/&/g, '&amp;')), ceiling.part);
});

test('bench results report - a run leads with its headline: oversold units and duplicate orders per contender', () => {
  const html = renderResultsHtml([COMPARE_RUN], new Date());
  const section = html.slice(html.indexOf('<h2>compare'));
  assert.ok(section.indexOf('<table class="headline">') < section.indexOf('<h3>'), 'before the scenarios');
  assert.deepEqual(tableRows(html, 'headline'), [
    ['headline', 'engine', 'baseline'],
    ['oversold units (units sold − stock)', '0 units', '486 units'],
    ['duplicate orders under retry', '0 orders', '5,000 orders'],
  ]);
  assert.deepEqual(tableRows(html, 'figures'), [['figure', 'engine'], ['durable orders &lt;per second&gt;', '9,529 /s']]);
  // runs saved before figures were kept still render
  const older = renderResultsHtml([{ ...COMPARE_RUN, figures: undefined }], new Date());
  assert.ok(!older.includes('class="headline"') && older.includes('<h3>admission'));
});

test('bench results report - every bench saves its run', async () => {
  const benches = (await readdir(join(projectRoot, 'bench'))).filter((f) => f.endsWith('-bench.ts'));
  assert.ok(benches.length >= 8);
  for (const bench of benches) assert.match(await readFile(join(projectRoot, 'bench', bench), 'utf8'), /\bkeepRun\(/, `${bench} saves its run`);
});

test('bench results report - self-contained: no script and nothing fetched', () => {
  const html = renderResultsHtml([COMPARE_RUN], new Date());
  assert.ok(!/<script|<link|<img|src=|@import|url\(/i.test(html));
  assert.ok(!/https?:\/\/(?!www\.w3\.org\/2000\/svg)/.test(html));
});

test('bench results report - newest runs first, at most MAX_RUNS; an empty results folder still renders', () => {
  const runs = Array.from({ length: MAX_RUNS + 2 }, (_, i) => ({ ...COMPARE_RUN, startedAt: `2026-11-27T1${i}:00:00.000Z` }));
  const html = renderResultsHtml(runs, new Date());
  const headings = [...html.matchAll(/<h2>compare — ([\d: -]+) UTC<\/h2>/g)].map((m) => m[1]);
  assert.equal(headings.length, MAX_RUNS);
  assert.equal(headings[0], '2026-11-27 19:00');
  assert.match(renderResultsHtml([], new Date()), /No saved runs yet/);
});

test('bench results report - a saved run reads back the same, oldest first', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bench-results-'));
  try {
    const later = { ...COMPARE_RUN, bench: 'sale', startedAt: '2026-11-27T18:30:00.000Z' };
    const file = await saveRun(later, dir);
    assert.ok(file.endsWith('/sale-2026-11-27T18-30-00Z.json'));
    await saveRun(COMPARE_RUN, dir);
    assert.deepEqual(await loadRuns(dir), [COMPARE_RUN, later]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
