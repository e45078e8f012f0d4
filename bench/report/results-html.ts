// docs/bench-report.html from the saved runs (bench/results/*.json): per run its headline figures
// (bench:compare: oversold units and duplicate orders per contender) and other figures, then per scenario
// the throughput and the p50/p99 latency of every second of every load, against the ceilings measured in
// the same run; then the ceilings of the design notes as fixed references. One self-contained file:
// inline SVG, no script, nothing fetched.
import type { SavedFigure, SavedLoad, SavedRun } from '../support/saved-runs.js';
import { STATIC_CEILINGS } from './static-ceilings.js';
import { escapeXml as escape, formatValue } from './svg-bar-chart.js';
import { renderLineChart, type LineSeries } from './svg-line-chart.js';

/** Runs drawn, newest first: older ones stay in bench/results/. */
export const MAX_RUNS = 8;

const STYLE = `body { font-family: sans-serif; max-width: 1000px; margin: 2em auto; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1em; } td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
td.n { text-align: right; } h2 { border-top: 2px solid #ccc; padding-top: 0.8em; } .meta { color: #555; }
table.headline { font-size: 1.15em; } table.headline td.n { font-weight: bold; }`;

function byScenario(loads: SavedLoad[]): Map<string, SavedLoad[]> {
  const scenarios = new Map<string, SavedLoad[]>();
  for (const load of loads) scenarios.set(load.scenario, [...(scenarios.get(load.scenario) ?? []), load]);
  return scenarios;
}

/** One colour per target across the whole report, so "engine" is the same colour everywhere. */
function colourOf(targets: string[], target: string): number {
  return targets.indexOf(target);
}

function non2xx(load: SavedLoad): number {
  const refused = Object.entries(load.statuses).reduce((n, [status, count]) => (status.startsWith('2') ? n : n + count), 0);
  return refused + load.errors + load.timeouts;
}

function loadTable(loads: SavedLoad[]): string {
  const rows = loads.map((l) =>
    `<tr><td>${escape(l.target)}</td><td class="n">${formatValue(l.rps)}</td><td class="n">${l.latencyMs.p50}</td><td class="n">${l.latencyMs.p99}</td>` +
    `<td class="n">${formatValue(l.requests)}</td><td class="n">${formatValue(non2xx(l))}</td><td class="n">${l.connections}</td></tr>`);
  return `<table><tr><th>target</th><th>answers/s</th><th>p50 ms</th><th>p99 ms</th><th>answers</th><th>not 2xx</th><th>connections</th></tr>${rows.join('')}</table>`;
}

/** One row per figure, one column per target it was measured on ("engine", "baseline", ...). */
function figureTable(figures: SavedFigure[], kind: 'headline' | 'figures'): string {
  const targets = [...new Set(figures.map((f) => f.target))];
  const labels = [...new Set(figures.map((f) => f.label))];
  const cell = (label: string, target: string) => {
    const f = figures.find((x) => x.label === label && x.target === target);
    return f ? `<td class="n">${formatValue(f.value)} ${escape(f.unit)}</td>` : '<td class="n">—</td>';
  };
  const rows = labels.map((label) => `<tr><td>${escape(label)}</td>${targets.map((t) => cell(label, t)).join('')}</tr>`);
  return `<table class="${kind}"><tr><th>${kind === 'headline' ? 'headline' : 'figure'}</th>${targets.map((t) => `<th>${escape(t)}</th>`).join('')}</tr>${rows.join('')}</table>`;
}

function scenarioSection(run: SavedRun, scenario: string, loads: SavedLoad[], targets: string[]): string {
  const throughput: LineSeries[] = loads.map((l) => ({
    name: l.target,
    colour: colourOf(targets, l.target),
    points: l.samples.map((s) => ({ x: s.atSec, y: s.durationSec > 0 ? s.answers / s.durationSec : 0 })),
  }));
  const latency: LineSeries[] = loads.flatMap((l) => [
    { name: `${l.target} p99`, colour: colourOf(targets, l.target), points: l.samples.map((s) => ({ x: s.atSec, y: s.p99Ms })) },
    { name: `${l.target} p50`, colour: colourOf(targets, l.target), dashed: true, points: l.samples.map((s) => ({ x: s.atSec, y: s.p50Ms })) },
  ]);
  const hasSamples = loads.some((l) => l.samples.length > 0);
  return [
    `<h3>${escape(scenario)}</h3>`,
    loadTable(loads),
    hasSamples
      ? renderLineChart({ title: `${scenario}: answers per second`, xLabel: 'seconds into the load', yLabel: 'answers/s (log scale)', series: throughput, references: run.ceilings.map((c) => ({ label: c.label, y: c.perSec })) })
      : '<p class="meta">no per-second samples in this run</p>',
    hasSamples
      ? renderLineChart({ title: `${scenario}: latency per second`, xLabel: 'seconds into the load', yLabel: 'ms (log scale)', series: latency, references: [] })
      : '',
  ].join('\n');
}

function runSection(run: SavedRun, targets: string[]): string {
  const ceilings = run.ceilings.map((c) => `${escape(c.label)} <b>${formatValue(c.perSec)} /s</b>`).join('; ');
  const headline = (run.figures ?? []).filter((f) => f.headline);
  const others = (run.figures ?? []).filter((f) => !f.headline);
  return [
    `<h2>${escape(run.bench)} — ${escape(run.startedAt.slice(0, 16).replace('T', ' '))} UTC</h2>`,
    `<p class="meta"><code>${escape(run.command)}</code>; ${escape(run.commit)}, Node ${escape(run.node)}, ${run.cores} cores, load average ${run.loadAverage.toFixed(2)} at the start.</p>`,
    headline.length > 0 ? figureTable(headline, 'headline') : '',
    `<p>Ceilings measured in this run (dashed lines): ${ceilings || 'none'}.</p>`,
    others.length > 0 ? figureTable(others, 'figures') : '',
    ...[...byScenario(run.loads)].map(([scenario, loads]) => scenarioSection(run, scenario, loads, targets)),
  ].join('\n');
}

function staticCeilings(): string {
  const rows = STATIC_CEILINGS.map((c) => `<tr><td>${escape(c.part)}</td><td>${escape(c.figure)}</td><td>${escape(c.how)}</td></tr>`);
  return [
    '<h2>Reference ceilings (design notes, 2026-11-23, same machine kind)</h2>',
    '<p class="meta">Measured once, alone, when the design was chosen; the dashed lines above are the ceilings each run measured for itself on the same machine at the same time, which are the ones to compare with.</p>',
    `<table><tr><th>part</th><th>figure</th><th>how</th></tr>${rows.join('')}</table>`,
  ].join('\n');
}

export function renderResultsHtml(runs: SavedRun[], generatedAt: Date): string {
  const shown = runs.slice(-MAX_RUNS).reverse();
  const targets = [...new Set(shown.flatMap((r) => r.loads.map((l) => l.target)))];
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Gopang benchmark runs</title>',
    `<style>${STYLE}</style></head><body>`,
    '<h1>Gopang benchmark runs</h1>',
    `<p class="meta">Drawn by <code>npm run bench:report</code> from bench/results/*.json on ${escape(generatedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC: ` +
      `the newest ${shown.length} of ${runs.length} saved run(s), newest first. Every load is sampled each second in the load generator ` +
      '(answers, p50 and p99 from ~2 %-wide latency buckets). The tables of each run are in <a href="benchmarks.md">benchmarks.md</a>.</p>',
    shown.length === 0 ? '<p>No saved runs yet: run a bench (<code>npm run bench:sale</code>, <code>bench:compare</code>, …).</p>' : '',
    ...shown.map((run) => runSection(run, targets)),
    staticCeilings(),
    '</body></html>',
    '',
  ].join('\n');
}
