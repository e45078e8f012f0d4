// What the ops assets may name: the metrics defined in the source tree (found by grepping for
// prom-client constructors) and prom-client's default metrics.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import client from 'prom-client';
import { projectRoot } from '../../engine/platform/config.js';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

const SOURCE_DIRS = ['engine', 'edge', 'workers'];
const DEFINITION = /new client\.(Counter|Gauge|Histogram|Summary)(?:<[^>]*>)?\(\{\s*name:\s*'([a-zA-Z_:][a-zA-Z0-9_:]*)'/g;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

export async function definedMetrics(): Promise<Map<string, MetricType>> {
  const metrics = new Map<string, MetricType>();
  for (const dir of SOURCE_DIRS) {
    for (const file of await sourceFiles(join(projectRoot, dir))) {
      for (const m of (await readFile(file, 'utf8')).matchAll(DEFINITION)) metrics.set(m[2], m[1].toLowerCase() as MetricType);
    }
  }
  return metrics;
}

export async function defaultMetrics(): Promise<Map<string, MetricType>> {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const metrics = new Map<string, MetricType>();
  for (const m of await registry.getMetricsAsJSON()) metrics.set(m.name, String(m.type) as MetricType);
  registry.clear();
  return metrics;
}

/** Metric names in a PromQL expression: identifiers of our prefixes (label names and functions never start so). */
export function metricNamesIn(expr: string): string[] {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""');
  return [...new Set(withoutStrings.match(/\b(?:gopang|nodejs|process)_[a-zA-Z0-9_:]*/g) ?? [])];
}

/** The metric a series name belongs to: itself, or the histogram/summary behind a _bucket/_sum/_count series. */
export function resolveSeries(series: string, known: Map<string, MetricType>): { metric: string; type: MetricType } | undefined {
  const direct = known.get(series);
  if (direct) return { metric: series, type: direct };
  const suffix = /^(.*)_(bucket|sum|count)$/.exec(series);
  if (!suffix) return undefined;
  const type = known.get(suffix[1]);
  if (type === 'histogram' || (type === 'summary' && suffix[2] !== 'bucket')) return { metric: suffix[1], type };
  return undefined;
}
