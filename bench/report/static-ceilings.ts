// The ceilings measured once on this machine kind (2 cores, loopback, 2026-11-23) when the design was
// chosen, shown in docs/bench-report.html as fixed references next to the ones each run measures.
export interface StaticCeiling {
  part: string;
  figure: string;
  how: string;
}

export const STATIC_CEILINGS: StaticCeiling[] = [
  { part: 'bare uWS (uWS.js 20.30), GET hello', figure: '≈ 89,000 req/s, 200 connections', how: 'wrk -t1 -c200 -d8s' },
  { part: 'hyper-express 6.8.2, GET hello', figure: '≈ 77,000 req/s', how: 'same wrk command' },
  { part: 'Node http, GET hello', figure: '≈ 26,000 req/s', how: 'same wrk command' },
  {
    part: 'Redis 7.0, an admission Lua script by EVALSHA',
    figure: '≈ 43,000/s with 50 clients unpipelined; ≈ 75,000/s pipelined 16',
    how: 'redis-benchmark -c 50 -n 300000 -r 1000000 [-P 16] EVALSHA ...',
  },
  { part: 'NATS 2.9 JetStream, publish with ack and msgID dedupe, 2,000 in flight', figure: '≈ 17,000 msg/s', how: '100,000 publishes of a small msgpack payload, one Node client' },
  { part: 'same stream, consume + ack, batches of 1,000', figure: '≈ 60,000 msg/s', how: 'one pull consumer' },
  { part: 'Postgres 15, one connection, batches of 500 via unnest + one version-checked UPDATE', figure: '≈ 98,000 rows/s', how: 'synchronous_commit on' },
];
