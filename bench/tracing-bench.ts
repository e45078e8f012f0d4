// `npm run bench:tracing`: what OpenTelemetry costs the admission hot path. The same admission load
// runs against a fresh engine with tracing off, on at 1 % sampling and on at 100 %, exporting over
// OTLP/HTTP to a local receiver that accepts and counts (a stand-in for a collector); then off again,
// to show the run-to-run noise. Appends a dated section to docs/benchmarks.md and saves the run in bench/results/.
import { createServer } from 'node:http';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { loadBenchSettings } from './support/bench-settings.js';
import { killTracked } from './support/child-processes.js';
import { startEngine } from './support/engine-under-test.js';
import { appendBenchSection } from './support/report.js';
import { keepRun, runHeader, savedLoad } from './support/saved-runs.js';
import { measureAdmission, type AdmissionFigures } from './support/scenarios.js';

const COMMAND = 'npm run bench:tracing';
const progress = (message: string) => process.stdout.write(`[bench:tracing] ${message}\n`);

/** A minimal OTLP/HTTP trace receiver: 200 to every export, counting requests and bytes. */
async function startReceiver(): Promise<{ url: string; exports: () => { requests: number; bytes: number }; close(): void }> {
  let requests = 0;
  let bytes = 0;
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, exports: () => ({ requests, bytes }), close: () => server.close() };
}

interface Variant {
  name: string;
  env: NodeJS.ProcessEnv;
}

async function main(): Promise<void> {
  const settings = loadBenchSettings();
  const startedAt = new Date();
  const [loadAverage] = loadavg();
  const header = runHeader('tracing', COMMAND, startedAt);
  const receiver = await startReceiver();
  const traced = (ratio: string) => ({ TRACING_EXPORTER: 'otlp', TRACE_SAMPLE_RATIO: ratio, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
  const variants: Variant[] = [
    { name: 'off', env: { TRACING_EXPORTER: 'off' } },
    { name: 'on, 1 % sampled', env: traced('0.01') },
    { name: 'on, 100 % sampled', env: traced('1') },
    { name: 'off (again)', env: { TRACING_EXPORTER: 'off' } },
  ];
  process.once('SIGINT', () => {
    killTracked();
    process.exit(130);
  });
  const results: { variant: Variant; figures: AdmissionFigures; exports: number }[] = [];
  try {
    for (const variant of variants) {
      progress(`tracing ${variant.name}: starting a fresh engine`);
      const engine = await startEngine(settings, progress, variant.env);
      const before = receiver.exports().requests;
      try {
        const figures = await measureAdmission(engine, progress);
        results.push({ variant, figures, exports: receiver.exports().requests - before });
        progress(`tracing ${variant.name}: ${Math.round(figures.load.rps)} req/s, p99 ${figures.load.latencyMs.p99} ms`);
      } finally {
        await engine.close();
      }
    }
  } finally {
    receiver.close();
  }
  const baseline = results[0].figures.load.rps;
  const rows = results.map(({ variant, figures, exports }) => {
    const { rps, latencyMs } = figures.load;
    return `| ${variant.name} | ${Math.round(rps).toLocaleString('en')} | ${latencyMs.p50} / ${latencyMs.p99} ms | ${(rps / baseline).toFixed(2)} | ${exports} |`;
  });
  const command = `Command: \`${COMMAND}\` (bench/tracing-bench.ts; ${settings.edges} edge, ${settings.connections} connections, ${settings.durationSec} s per variant after a warm-up, a fresh engine per variant, spans exported over OTLP/HTTP to a local receiver; 2 cores shared with autocannon; load average at start ${loadAverage.toFixed(1)}).`;
  const body = [
    '| tracing | admission req/s | p50 / p99 | vs off | OTLP exports |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    'Goal: off costs nothing measurable (with tracing off the hot path tests one boolean and allocates nothing); 1 % costs < 5 %. Compare each row with both "off" rows: their difference is the noise of this machine.',
  ];
  process.stdout.write(`${[command, '', ...body].join('\n')}\n`);
  if (settings.reportFile) await appendBenchSection(startedAt, 'tracing cost on admission', command, body);
  await keepRun({
    ...header,
    ceilings: [],
    loads: results.map(({ variant, figures }) => savedLoad('admission (stock never runs out)', `tracing ${variant.name}`, settings.connections, figures.load)),
    figures: results.flatMap(({ variant, figures, exports }) => [
      { label: 'durable orders/s', target: `tracing ${variant.name}`, value: figures.durablePerSec, unit: '/s' },
      { label: 'OTLP exports', target: `tracing ${variant.name}`, value: exports, unit: 'requests' },
    ]),
  }, progress);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:tracing failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  killTracked();
  process.exit(1);
});
