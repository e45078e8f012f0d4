// The ws bench figures as a console table, a dated section of docs/benchmarks.md (one append) and the
// figures of its saved run.
import { access, appendFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import type { SavedFigure } from '../support/saved-runs.js';
import type { ScenarioFigures } from './ws-scenario.js';

export const WS_COMMAND = 'npm run bench:ws';

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a');

export function scenarioRows(f: ScenarioFigures): [string, string][] {
  return [
    ['edge processes', String(f.edges)],
    ['connections open / attempted (target)', `${int(f.connected)} / ${int(f.attempted)} (${int(f.target)})${f.failed ? `, ${int(f.failed)} failed: ${f.firstError}` : ''}`],
    ['connection generators', String(f.generators)],
    ['edge RSS before / after (all edges)', `${int(f.rssBaseMiB)} / ${int(f.rssAfterMiB)} MiB`],
    ['memory per connection', `${f.kibPerConnection.toFixed(1)} KiB (${int((1024 * 1024) / f.kibPerConnection)} connections per GiB)`],
    ['connect rate seen by the clients (token verify + upgrade + hello)', `${int(f.connectPerSec)} /s`],
    ['edge CPU per connect → connects per edge core', `${int(f.edgeCpuPerConnectUs)} µs → ${int(1e6 / f.edgeCpuPerConnectUs)} /s`],
    ['all clients subscribe to broadcast', ms(f.subscribeAllMs)],
    ['per-user push p50 / p99 / max', `${ms(f.push.p50)} / ${ms(f.push.p99)} / ${ms(f.push.max)} (${int(f.push.received)} of ${int(f.push.sent)} delivered)`],
    ['broadcast to all, completion per round (last client got it)', f.broadcastMs.map(ms).join(', ')],
    ['broadcast, CPU of the busiest edge per round', f.broadcastEdgeCpuMs.map(ms).join(', ')],
  ];
}

/** One column per number of edges. */
export function wsFigures(figures: ScenarioFigures[]): SavedFigure[] {
  return figures.flatMap((f) => {
    const target = `${f.edges} edge(s)`;
    return [
      { label: 'connections open', target, value: f.connected, unit: 'connections' },
      { label: 'memory per connection', target, value: f.kibPerConnection, unit: 'KiB' },
      { label: 'connect rate (token verify + upgrade + hello)', target, value: f.connectPerSec, unit: '/s' },
      { label: 'per-user push p99', target, value: f.push.p99, unit: 'ms' },
      { label: 'pushes not delivered', target, value: f.push.sent - f.push.received, unit: 'pushes' },
      { label: 'broadcast to all, slowest round', target, value: Math.max(...f.broadcastMs), unit: 'ms' },
    ];
  });
}

function goals(f: ScenarioFigures): string[] {
  const perEdge = f.connected / f.edges;
  const projectedGiB = ((f.kibPerConnection * 50_000) / (1024 * 1024)) + f.rssBaseMiB / f.edges / 1024;
  return [
    `50,000 connections on one edge under 2 GiB RSS: reached ${int(perEdge)} per edge${f.attempted < f.target ? ' (file-descriptor cap)' : ''}; projected RSS at 50,000 = ${projectedGiB.toFixed(2)} GiB → ${projectedGiB < 2 ? 'met by projection' : 'NOT met'}`,
    `per-user push p99 < 50 ms: ${ms(f.push.p99)} → ${f.push.p99 < 50 ? 'met' : 'NOT met'}`,
    `broadcast to all < 1 s: worst ${ms(Math.max(...f.broadcastMs))} for ${int(f.connected)} clients → ${Math.max(...f.broadcastMs) < 1000 ? 'met' : 'NOT met'}`,
  ];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Sizing for one million clients, scaled from the measured per-connection cost. */
export function sizing(f: ScenarioFigures): string[] {
  const clients = 1_000_000;
  const perEdge = 50_000;
  const edges = Math.ceil(clients / perEdge);
  const gib = (clients * f.kibPerConnection) / (1024 * 1024) + (edges * f.rssBaseMiB) / f.edges / 1024;
  // the edge's own write cost per client: the end-to-end time here is bounded by the client processes
  const broadcastPerClientUs = (median(f.broadcastEdgeCpuMs) * 1000) / (f.connected / f.edges);
  return [
    `${edges} edge processes of ${int(perEdge)} connections (open-file limit ≥ 60,000 each), e.g. ${Math.ceil(edges / 8)} machines of 8 cores; memory ≈ ${gib.toFixed(1)} GiB in all (${f.kibPerConnection.toFixed(1)} KiB per connection + each edge's base)`,
    `NATS: one core subscription per connected user (≈ ${int(clients)} user.<id> subjects across the edges, each held by the one or few edges its user is on), plus active sale/order/chat topics and one broadcast subject with ${edges} subscribers`,
    `broadcast: every edge writes its own clients in parallel; at the measured ${broadcastPerClientUs.toFixed(1)} µs of edge CPU per client, ${int(perEdge)} per edge finish in ≈ ${ms((broadcastPerClientUs * perEdge) / 1000)}`,
    `connects: at ${int(f.edgeCpuPerConnectUs)} µs of edge CPU each (mostly the ES256 token check), a reconnect storm of all ${int(clients)} clients takes ≈ ${int((clients * f.edgeCpuPerConnectUs) / 1e6 / edges)} s of one core per edge; stagger reconnects (the client backs off with jitter)`,
  ];
}

export async function appendReport(file: string, startedAt: Date, fdLimit: number, figures: ScenarioFigures[]): Promise<void> {
  const lines = [
    '',
    `## WebSocket push, ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `\`${WS_COMMAND}\` (bench/ws-bench.ts): ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, open-file limit ${int(fdLimit)} per process`,
    'after raising it as far as this machine allows; the edges, the connection generators, NATS and Postgres share the 2 cores.',
    '',
  ];
  for (const f of figures) {
    lines.push(`### ${f.edges} edge process${f.edges > 1 ? 'es' : ''} (one port, SO_REUSEPORT)`, '', '| figure | value |', '|---|---|');
    for (const [k, v] of scenarioRows(f)) lines.push(`| ${k} | ${v} |`);
    lines.push('', ...goals(f).map((g) => `- ${g}`), '');
  }
  const best = figures.reduce((a, b) => (b.connected > a.connected ? b : a));
  lines.push('### Sizing for one million clients (from these figures)', '', ...sizing(best).map((s) => `- ${s}`), '');
  try {
    await access(file);
  } catch {
    await writeFile(file, '# Benchmarks\n\nSections are appended by the bench scripts, newest last.\n');
  }
  await appendFile(file, lines.join('\n'));
}
