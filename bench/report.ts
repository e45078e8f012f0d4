// `npm run bench:report`: renders the dated sections of docs/benchmarks.md as SVG bar charts in
// docs/charts/ (throughput and p99 per kind of bench, last 4 runs), writes docs/charts/README.md
// with all of them, and appends one "Charts:" link line to docs/benchmarks.md if it has none; then
// draws docs/bench-report.html from the runs saved in bench/results/ (per-second throughput and
// latency of every load against the ceilings measured in the same run).
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../engine/platform/config.js';
import { chartsOf } from './report/bench-charts.js';
import { parseBenchmarks } from './report/benchmark-sections.js';
import { renderResultsHtml } from './report/results-html.js';
import { renderBarChart } from './report/svg-bar-chart.js';
import { loadRuns, RESULTS_DIR } from './support/saved-runs.js';

const BENCHMARKS = join(projectRoot, 'docs/benchmarks.md');
const CHARTS_DIR = join(projectRoot, 'docs/charts');
const HTML_REPORT = join(projectRoot, 'docs/bench-report.html');
const CHARTS_LINK_LINE =
  'Charts: [docs/charts](charts/README.md) (drawn from the dated sections of this file by `npm run bench:report`);'
  + ' per-second charts of the saved runs: [bench-report.html](bench-report.html).';

const progress = (message: string) => process.stdout.write(`[bench:report] ${message}\n`);

async function main(): Promise<number> {
  progress(`reading ${BENCHMARKS}`);
  const markdown = await readFile(BENCHMARKS, 'utf8').catch(() => undefined);
  if (markdown === undefined) {
    progress('no docs/benchmarks.md yet: run a bench first (npm run bench:sale, bench:auth, bench:reserve, bench:ws)');
    return 1;
  }
  const sections = parseBenchmarks(markdown);
  progress(`${sections.length} dated section(s) with figures: ${[...new Set(sections.map((s) => s.kind))].join(', ') || 'none'}`);
  const charts = chartsOf(sections);
  await mkdir(CHARTS_DIR, { recursive: true });
  for (const { file, chart } of charts) {
    await writeFile(join(CHARTS_DIR, file), renderBarChart(chart));
    progress(`wrote docs/charts/${file} (${chart.groups.length} figures × ${chart.series.length} run(s))`);
  }
  const index = ['# Benchmark charts', '', 'Drawn by `npm run bench:report` from [benchmarks.md](../benchmarks.md); each chart shows the last runs of one bench.', ''];
  for (const { file, chart } of charts) index.push(`## ${chart.title}`, '', `![${chart.title}](${file})`, '');
  await writeFile(join(CHARTS_DIR, 'README.md'), index.join('\n'));
  progress(`wrote docs/charts/README.md (${charts.length} chart(s))`);

  if (!/^Charts: /m.test(markdown)) {
    await appendFile(BENCHMARKS, `\n${CHARTS_LINK_LINE}\n`); // one append: a bench may be appending too
    progress('appended the Charts link line to docs/benchmarks.md');
  }

  const runs = await loadRuns();
  await writeFile(HTML_REPORT, renderResultsHtml(runs, new Date()));
  progress(`wrote docs/bench-report.html from ${runs.length} run(s) saved in ${RESULTS_DIR}`);
  return 0;
}

try {
  process.exit(await main());
} catch (err) {
  process.stderr.write(`[bench:report] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
