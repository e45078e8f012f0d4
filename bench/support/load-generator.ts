// Child-process entry: runs one autocannon load and sends its summary back over IPC. The load
// generator gets its own process so it does not share the bench's event loop (it still shares the
// machine's two cores with the engine).
import autocannon, { type AutocannonOptions, type AutocannonResult } from 'autocannon';
import type { LoadReply, LoadSpec, LoadSummary } from './load-run.js';
import { PerSecondSamples, type SecondSample } from './per-second-samples.js';
import { printLoadTicks } from './progress-ticker.js';

const ATTEMPT_BODY = JSON.stringify({ quantity: 1 });

function optionsOf(spec: LoadSpec): AutocannonOptions {
  const base: AutocannonOptions = { url: spec.url, connections: spec.connections, duration: spec.durationSec, amount: spec.amount, timeout: 10, overallRate: spec.overallRate };
  if (!spec.attempt) return base;
  const authorizations = spec.attempt.tokens.map((token) => `Bearer ${token}`);
  const { keyPrefix, paths, sendsPerKey = 1, bodies } = spec.attempt;
  let next = 0;
  return {
    ...base,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: ATTEMPT_BODY,
        // autocannon hands over a fresh copy of the headers each time, so mutating them is safe
        setupRequest(request) {
          // with sendsPerKey 2, requests 2k and 2k+1 carry the same key and token: a client retrying
          // while its first try is still in flight
          const n = Math.floor(next++ / sendsPerKey);
          request.headers!.authorization = authorizations[n % authorizations.length];
          request.headers!['idempotency-key'] = `${keyPrefix}${n}`;
          if (paths) request.path = paths[n % paths.length];
          if (bodies) request.body = bodies[n % bodies.length];
          return request;
        },
      },
    ],
  };
}

function summarize(result: AutocannonResult, cpu: NodeJS.CpuUsage, samples: SecondSample[]): LoadSummary {
  const statuses: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) statuses[status] = count;
  return {
    generator: 'autocannon',
    requests: result.requests.total,
    sent: result.requests.sent,
    durationSec: result.duration,
    rps: result.requests.total / result.duration,
    latencyMs: { mean: result.latency.mean, p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    cpuSec: (cpu.user + cpu.system) / 1e6,
    samples,
  };
}

process.once('message', (spec: LoadSpec) => {
  const options = optionsOf(spec);
  process.send!({ started: true } satisfies LoadReply);
  const cpu = process.cpuUsage();
  const perSecond = new PerSecondSamples();
  const instance = autocannon(options);
  printLoadTicks(instance, spec.amount === undefined ? spec.durationSec : undefined);
  if (spec.perSecondSamples !== false) {
    instance.once('start', () => perSecond.start());
    instance.on('response', (_client, status, _bytes, latencyMs) => perSecond.record(latencyMs, status));
  }
  instance
    .then(
      (result): LoadReply => ({ ok: true, summary: summarize(result, process.cpuUsage(cpu), spec.perSecondSamples === false ? [] : perSecond.stop()) }),
      (err: unknown): LoadReply => ({ ok: false, error: err instanceof Error ? err.message : String(err) }),
    )
    .then((reply) => process.send!(reply, () => process.disconnect()));
});
