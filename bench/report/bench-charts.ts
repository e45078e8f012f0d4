// Which charts the dated bench sections make: per kind of bench, its throughput figures and its p99
// latencies, each over the last few runs (one bar per run), labelled as in the newest run.
import type { BenchSection, Figure } from './benchmark-sections.js';
import type { BarChart } from './svg-bar-chart.js';

export interface ChartFile {
  /** file name under docs/charts/ */
  file: string;
  chart: BarChart;
}

const MEASURES = [
  { key: 'perSec', suffix: 'throughput', unit: 'per second (higher is better)', title: 'throughput' },
  { key: 'p99Ms', suffix: 'p99', unit: 'p99 latency in ms (lower is better)', title: 'p99 latency' },
] as const;

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'bench';
}

function byKind(sections: BenchSection[]): Map<string, BenchSection[]> {
  const kinds = new Map<string, BenchSection[]>();
  for (const s of sections) kinds.set(s.kind, [...(kinds.get(s.kind) ?? []), s]);
  return kinds;
}

/** Run names for the legend; two runs in the same minute get #2, #3. */
function seriesNames(runs: BenchSection[]): string[] {
  const seen = new Map<string, number>();
  return runs.map((r) => {
    const n = (seen.get(r.when) ?? 0) + 1;
    seen.set(r.when, n);
    return n === 1 ? `${r.when} UTC` : `${r.when} UTC #${n}`;
  });
}

export function chartsOf(sections: BenchSection[], maxRuns = 4): ChartFile[] {
  const files: ChartFile[] = [];
  for (const [kind, all] of byKind(sections)) {
    const runs = all.slice(-maxRuns);
    const newest = runs[runs.length - 1];
    for (const m of MEASURES) {
      const labels = [...new Set(newest.figures.filter((f) => f[m.key] !== undefined).map((f) => f.label))];
      if (labels.length === 0) continue;
      const valueIn = (run: BenchSection, label: string) => run.figures.find((f: Figure) => f.label === label && f[m.key] !== undefined)?.[m.key];
      files.push({
        file: `${slug(kind)}-${m.suffix}.svg`,
        chart: {
          title: `${kind}: ${m.title}`,
          unit: m.unit,
          series: seriesNames(runs),
          groups: labels.map((label) => ({ label, values: runs.map((run) => valueIn(run, label)) })),
        },
      });
    }
  }
  return files;
}
