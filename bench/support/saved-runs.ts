// The record every bench keeps of one run in bench/results/<bench>-<timestamp>.json: every load with its
// per-second samples, the ceilings measured in the same run, and the run's other figures (oversold units,
// duplicates, durable rates, connect rates). `npm run bench:report` draws them.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { projectRoot } from '../../engine/platform/config.js';
import type { LoadSummary } from './load-run.js';
import type { SecondSample } from './per-second-samples.js';
import { gitDescription } from './report.js';

export const RESULTS_DIR = join(projectRoot, 'bench/results');

export interface SavedLoad {
  /** what was loaded, e.g. "admission (stock never runs out)"; loads of one scenario share a chart */
  scenario: string;
  /** who answered it, e.g. "engine", "baseline", "bare uWS" */
  target: string;
  connections: number;
  rps: number;
  requests: number;
  latencyMs: LoadSummary['latencyMs'];
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  samples: SecondSample[];
}

export interface Ceiling {
  label: string;
  perSec: number;
}

/** A result of the run that is not one load's answers: units oversold, duplicate orders, durable orders/s, a connect rate. */
export interface SavedFigure {
  label: string;
  /** what it was measured on ("engine", "baseline", "2 edges"): one column per target in the report */
  target: string;
  value: number;
  /** e.g. "units", "orders/s", "ms" */
  unit: string;
  /** leads the run's section of the report: bench:compare's oversold units and duplicate orders */
  headline?: boolean;
}

export interface SavedRun {
  /** the bench that ran, e.g. "sale", "compare" */
  bench: string;
  startedAt: string;
  command: string;
  commit: string;
  node: string;
  cores: number;
  /** 1-minute load average when the run started */
  loadAverage: number;
  /** what the parts do alone, measured in the same run */
  ceilings: Ceiling[];
  loads: SavedLoad[];
  /** absent in runs saved before benches kept them */
  figures?: SavedFigure[];
}

export function savedLoad(scenario: string, target: string, connections: number, load: LoadSummary): SavedLoad {
  const { rps, requests, latencyMs, statuses, errors, timeouts, samples } = load;
  return { scenario, target, connections, rps, requests, latencyMs, statuses, errors, timeouts, samples };
}

/** The fields every run shares, read at its start. */
export function runHeader(bench: string, command: string, startedAt: Date): Omit<SavedRun, 'ceilings' | 'loads'> {
  return { bench, startedAt: startedAt.toISOString(), command, commit: gitDescription(), node: process.version, cores: cpus().length, loadAverage: loadavg()[0] };
}

/** Writes the run and returns its path. */
export async function saveRun(run: SavedRun, dir = RESULTS_DIR): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = run.startedAt.slice(0, 19).replace(/:/g, '-');
  const file = join(dir, `${run.bench}-${stamp}Z.json`);
  await writeFile(file, `${JSON.stringify(run, null, 1)}\n`);
  return file;
}

/** Saves the run and says where (every bench ends with this). */
export async function keepRun(run: SavedRun, progress: (message: string) => void, dir = RESULTS_DIR): Promise<void> {
  progress(`saved the run in ${relative(projectRoot, await saveRun(run, dir))}`);
}

/** Every saved run in `dir`, oldest first. */
export async function loadRuns(dir = RESULTS_DIR): Promise<SavedRun[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json'));
  const runs = await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as SavedRun));
  return runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
