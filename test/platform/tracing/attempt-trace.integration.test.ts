// One flash-sale attempt is one trace: edge span, Redis admission, JetStream publish, worker apply,
// SQL and the status push, all with one trace id. Edge and worker run in this process so an
// in-memory exporter sees every span.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectNats } from '../../../engine/platform/messaging/nats-connection.js';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Redis } from 'ioredis';
import pg from 'pg';
import { mintAccessToken } from '../../../engine/auth/dev-token-issuer.js';
import { ensureSigningKeys } from '../../../engine/auth/signing-keys.js';
import { startTracing, stopTracing } from '../../../engine/platform/tracing.js';
import { openEdgeContext } from '../../../edge/edge-context.js';
import { opsRoutes } from '../../../edge/ops/ops-routes.js';
import { saleRoutes } from '../../../edge/sale/sale-routes.js';
import { saleSide } from '../../../workers/sale/sale-workers.js';
import { freePort } from '../../support/engine-processes.js';
import { waitFor } from '../../support/eventually.js';
import { bearer, HttpClient } from '../../support/http-client.js';
import { createTestNamespace, type TestNamespace } from '../../support/test-namespace.js';
import { createPool } from '../../../engine/platform/db/pool.js';

describe('tracing (integration)', () => {
  const exporter = new InMemorySpanExporter();
  let ns: TestNamespace;
  let edge: Awaited<ReturnType<typeof openEdgeContext>>;
  let workers: { stop(): Promise<void> };
  let workerConnections: { redis: Redis; db: pg.Pool; close(): Promise<void> };
  let http: HttpClient;

  before(async () => {
    const port = await freePort();
    ns = await createTestNamespace({ HTTP_PORT: String(port), TRACE_SAMPLE_RATIO: '1' });
    await ensureSigningKeys(ns.config.dataDir);
    startTracing('gopang-test', ns.config.tracing, exporter);
    edge = await openEdgeContext(ns.config);
    opsRoutes(edge.ctx);
    await saleRoutes(edge.ctx);
    await edge.ctx.server.listen(port, '127.0.0.1');
    const redis = new Redis(ns.config.redisUrl);
    const db = createPool(ns.config.databaseUrl, 4, ns.config.postgres, 'jobs');
    const nc = await connectNats(ns.config.nats);
    // every partition's sale actor in this process (no leases: nothing else works this namespace)
    const partitions = Array.from({ length: ns.config.partitions }, (_, p) => p);
    const sales = await saleSide(ns.config, redis, nc, db);
    const actors = await Promise.all(partitions.map((p) => sales.startActor(p)));
    workers = { stop: async () => void (await Promise.all(actors.map((a) => a.stop(false)))) };
    workerConnections = { redis, db, close: async () => { await nc.drain(); await db.end(); redis.disconnect(); } };
    http = new HttpClient(`http://127.0.0.1:${port}`);
  });

  after(async () => {
    http?.close();
    await workers?.stop();
    await workerConnections?.close();
    await edge?.close();
    await stopTracing();
    await ns?.cleanup();
  });

  it('tracing - one attempt is one trace from the edge to the commit and the push', async () => {
    const admin = await mintAccessToken(ns.config, { userId: 1, roles: ['admin'] });
    const buyer = await mintAccessToken(ns.config, { userId: 2, roles: ['buyer'] });
    const created = await http.send('POST', '/api/v1/admin/sales', {
      headers: bearer(admin),
      body: JSON.stringify({ sku: 'T', stock: 5, perUserLimit: 1, price: 2, salePrice: 1, startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: new Date(Date.now() + 60_000).toISOString() }),
    });
    const saleId = created.json().id;
    const attempt = await http.send('POST', `/api/v1/sales/${saleId}/attempts`, {
      headers: { ...bearer(buyer), 'idempotency-key': 'trace-1' },
      body: '{"quantity":1}',
    });
    assert.equal(attempt.status, 202);

    const wanted = ['POST /api/v1/sales/:id/attempts', 'redis admit.lua', 'jetstream publish', 'worker apply', 'pg INSERT orders', 'pg UPDATE sales', 'pg COMMIT', 'push publish'];
    let names: string[] = [];
    await waitFor(() => {
      const spans = exporter.getFinishedSpans();
      const edgeSpan = spans.find((s) => s.name === wanted[0]);
      if (edgeSpan) names = spans.filter((s) => s.spanContext().traceId === edgeSpan.spanContext().traceId).map((s) => s.name);
      return wanted.every((n) => names.includes(n));
    }, { message: () => `every span of the attempt's trace (got ${names.join(', ')})` });
  });
});
