// Child-process entry: autocannon against GET /api/v1/auth/ping, with bearer tokens round-robin
// (or none), reporting back over IPC. Its own process, so the load does not share the bench's loop.
import autocannon, { type AutocannonOptions } from 'autocannon';
import { printLoadTicks } from '../support/progress-ticker.js';

export interface PingLoadSpec {
  url: string;
  connections: number;
  durationSec: number;
  tokens: string[];
  /** false: the same tokens go in a header the edge ignores, so both loads cost the client the same */
  authorize: boolean;
}

export interface PingLoadSummary {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

function optionsOf(spec: PingLoadSpec): AutocannonOptions {
  const values = spec.tokens.map((t) => `Bearer ${t}`);
  const header = spec.authorize ? 'authorization' : 'x-bench-padding';
  let next = 0;
  return {
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSec,
    timeout: 10,
    requests: [{
      method: 'GET',
      setupRequest(request) {
        request.headers = { ...request.headers, [header]: values[next++ % values.length]! };
        return request;
      },
    }],
  };
}

process.once('message', (spec: PingLoadSpec) => {
  const instance = autocannon(optionsOf(spec));
  printLoadTicks(instance, spec.durationSec);
  instance.then(
    (r) => {
      const summary: PingLoadSummary = {
        rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, non2xx: r.non2xx, errors: r.errors,
      };
      process.send!({ ok: true, summary }, () => process.disconnect());
    },
    (err: unknown) => process.send!({ ok: false, error: String(err) }, () => process.disconnect()),
  );
});
