// `npm run bench:ws`: WebSocket push at scale. Raises the open-file limit, then for 1, 2 and 3 edge
// processes opens as many authenticated clients as the limit allows toward 50,000 and measures
// memory per connection, connect rate, per-user push latency and broadcast-to-all time. (With the
// 20,000 descriptors a process may hold here, 3 edges are what it takes to hold 50,000 clients.)
// Knobs: WS_BENCH_CONNECTIONS (50000), WS_BENCH_EDGES ("1,2,3"), WS_BENCH_PUSHES (2000),
// WS_BENCH_BROADCASTS (3), WS_BENCH_CONCURRENCY (200 connects in flight per generator), BENCH_REPORT=0 (no docs).
// Saves the run in bench/results/.
import { resolve } from 'node:path';
import { configVar, projectRoot } from '../engine/platform/config.js';
import { openFileLimit, rerunWithRaisedLimit } from './ws/fd-limit.js';
import { keepRun, runHeader } from './support/saved-runs.js';
import { appendReport, scenarioRows, sizing, WS_COMMAND, wsFigures } from './ws/ws-report.js';
import { runScenario, type ScenarioFigures } from './ws/ws-scenario.js';

const env = process.env;
const target = configVar(env, 'WS_BENCH_CONNECTIONS');
rerunWithRaisedLimit(target + 10_000);

const fdLimit = openFileLimit().soft;
const edgeCounts = configVar(env, 'WS_BENCH_EDGES').map(Number);
const startedAt = new Date();
const header = runHeader('ws', WS_COMMAND, startedAt);
const progress = (m: string) => process.stdout.write(`[bench:ws] ${m}\n`);
progress(`open-file limit ${fdLimit}; target ${target} connections; edges ${edgeCounts.join(' then ')}`);

const figures: ScenarioFigures[] = [];
for (const [i, edges] of edgeCounts.entries()) {
  figures.push(
    await runScenario(
      {
        edges,
        target,
        fdLimit,
        pushes: configVar(env, 'WS_BENCH_PUSHES'),
        broadcasts: configVar(env, 'WS_BENCH_BROADCASTS'),
        concurrency: configVar(env, 'WS_BENCH_CONCURRENCY'),
        run: i + 1,
      },
      progress,
    ),
  );
  console.table(Object.fromEntries(scenarioRows(figures[i])));
}
const best = figures.reduce((a, b) => (b.connected > a.connected ? b : a));
for (const line of sizing(best)) progress(line);
if (configVar(env, 'BENCH_REPORT')) {
  const file = resolve(projectRoot, 'docs/benchmarks.md');
  await appendReport(file, startedAt, fdLimit, figures);
  progress(`appended to ${file} (${WS_COMMAND})`);
}
await keepRun({ ...header, ceilings: [], loads: [], figures: wsFigures(figures) }, progress);
process.exit(0);
