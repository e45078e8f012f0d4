// Child-process entry of the reservation bench: one autocannon load (POST reservations over a set of
// SKUs, or GET a listing or a round of search queries), summarized back over IPC. Its own process, so it does not share the
// bench's event loop (it still shares the machine's two cores with the engine).
import autocannon, { type AutocannonOptions, type AutocannonRequest } from 'autocannon';
import { printLoadTicks } from '../support/progress-ticker.js';
import type { LoadReply, ReserveLoadSpec } from './reserve-load.js';

function reservationRequest(spec: Required<ReserveLoadSpec>['reserve']): AutocannonRequest {
  const authorizations = spec.tokens.map((token) => `Bearer ${token}`);
  const bodies = spec.skus.map((sku) => JSON.stringify({ items: [{ sku, quantity: 1 }] }));
  let next = 0;
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    setupRequest(request) {
      const n = next++;
      request.headers!.authorization = authorizations[n % authorizations.length];
      request.headers!['idempotency-key'] = `${spec.keyPrefix}${n}`;
      request.body = bodies[n % bodies.length];
      return request;
    },
  };
}

function pathsRequest(paths: string[]): AutocannonRequest {
  let next = 0;
  return {
    method: 'GET',
    setupRequest(request) {
      request.path = paths[next++ % paths.length];
      return request;
    },
  };
}

process.once('message', (spec: ReserveLoadSpec) => {
  const options: AutocannonOptions = {
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSec,
    timeout: 10,
    headers: spec.headers,
    ...(spec.reserve ? { requests: [reservationRequest(spec.reserve)] } : {}),
    ...(spec.paths ? { requests: [pathsRequest(spec.paths)] } : {}),
  };
  const instance = autocannon(options);
  printLoadTicks(instance, spec.durationSec);
  instance
    .then(
      (result): LoadReply => {
        const statuses: Record<string, number> = {};
        for (const [status, { count }] of Object.entries(result.statusCodeStats)) statuses[status] = count;
        return {
          ok: true,
          summary: { requests: result.requests.total, rps: result.requests.total / result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99, statuses, errors: result.errors + result.timeouts },
        };
      },
      (err: unknown): LoadReply => ({ ok: false, error: err instanceof Error ? err.message : String(err) }),
    )
    .then((reply) => process.send!(reply, () => process.disconnect()));
});
