// /metrics of the edge and of the worker expose the named series with exact counts after a small sale.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../support/engine-processes.js';
import { FlashSaleFixture } from '../../support/flash-sale-fixture.js';
import { HttpClient } from '../../support/http-client.js';

function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
}

describe('metrics (integration)', () => {
  let fx: FlashSaleFixture;
  let workerMetrics: HttpClient;
  let edgeMetrics: HttpClient;
  before(async () => {
    const base = await freePort();
    fx = await FlashSaleFixture.start(['edge', 'worker'], { METRICS_PORT_BASE: String(base) });
    workerMetrics = new HttpClient(`http://127.0.0.1:${base + 1}`);
    edgeMetrics = new HttpClient(`http://127.0.0.1:${base + 100}`); // EDGE_INDEX 0
  });
  after(async () => {
    workerMetrics?.close();
    edgeMetrics?.close();
    await fx?.close();
  });

  it('metrics - a small sale shows up with exact counts on the edge and the worker', async () => {
    const saleId = await fx.createSale({ stock: 3, perUserLimit: 1 });
    const tokens = await Promise.all([1, 2, 3, 4, 5].map((u) => fx.token(100 + u, 'buyer')));
    for (let i = 0; i < 3; i++) assert.equal((await fx.attempt(saleId, tokens[i], `m${i}`)).status, 202);
    await new Promise((r) => setTimeout(r, 300)); // the sold-out announcement reaches the edge's memory
    for (let i = 3; i < 5; i++) assert.equal((await fx.attempt(saleId, tokens[i], `m${i}`)).status, 409);
    assert.equal((await fx.attempt(saleId, tokens[0], 'm0')).status, 202, 'replay');
    await fx.waitForSold(saleId, 3);

    const edge = (await edgeMetrics.send('GET', '/metrics')).text;
    assert.equal(sample(edge, 'gopang_admissions_total{outcome="ADMITTED"}'), 3);
    assert.equal(sample(edge, 'gopang_admissions_total{outcome="SOLD_OUT"}'), 2);
    assert.equal(sample(edge, 'gopang_admissions_total{outcome="REPLAY"}'), 1);
    assert.equal(sample(edge, 'gopang_sold_out_fast_path_total'), 3);
    assert.equal(sample(edge, 'gopang_http_requests_total{route="attempt",status="202"}'), 4);
    assert.equal(sample(edge, 'gopang_http_requests_total{route="attempt",status="409"}'), 2);
    assert.equal(sample(edge, 'gopang_http_request_duration_seconds_count{route="attempt"}'), 6);
    assert.equal(sample(edge, 'gopang_tickets_published_total{result="ok"}'), 3);
    assert.ok(edge.includes('nodejs_eventloop_lag_p99_seconds'), 'event-loop delay');
    assert.ok(edge.includes('nodejs_gc_duration_seconds'), 'GC');

    const worker = (await workerMetrics.send('GET', '/metrics')).text;
    assert.equal(sample(worker, 'gopang_worker_batch_tickets_sum'), 3);
    assert.ok(sample(worker, 'gopang_worker_transaction_duration_seconds_count') >= 1);
    assert.equal(sample(worker, 'gopang_worker_owned_partitions'), fx.ns.config.partitions, 'a lone worker leases every partition');
    assert.match(worker, /gopang_jetstream_consumer_pending\{stream="[A-Z0-9_]+_SALES",partition="\d+"\} \d+/);
  });
});
