// k6 load on the WebSocket push edge (/ws), shaped like `npm run bench:ws` (bench/ws/ws-scenario.ts):
// many authenticated clients connect (token at the upgrade), wait for the hello frame, subscribe to
// `sale.<SALE_ID>`, and hold the connection while counting pushed events.
//
//   k6 run -e TOKENS_FILE=$PWD/tokens.json -e SALE_ID=1 bench/k6/ws-push.js
// The edge limits connections per IP (WS_MAX_CONNECTIONS_PER_IP, 200): start it with a higher limit
// for a single load machine, as the ws bench does (WS_MAX_CONNECTIONS_PER_IP=1000000).
// Env: CLIENTS (1000), RAMP (10 s to connect them all), HOLD (30 s per connection), SALE_ID (1),
//      HELLO_P99_MS (1000), SUBSCRIBE_P99_MS (50, the per-user push target), SUMMARY_FILE (k6-ws-push-summary.json).
import { check } from 'k6';
import exec from 'k6/execution';
import { Counter, Trend } from 'k6/metrics';
import ws from 'k6/ws';
import { BASE_URL, intEnv, summaryOutputs, tokens } from './common.js';

const CLIENTS = intEnv('CLIENTS', 1000);
const RAMP_SEC = intEnv('RAMP', 10);
const HOLD_SEC = intEnv('HOLD', 30);
const topic = `sale.${intEnv('SALE_ID', 1)}`;
const wsUrl = `${BASE_URL.replace(/^http/, 'ws')}/ws`;

const helloMs = new Trend('gopang_ws_hello_ms', true);
const subscribeMs = new Trend('gopang_ws_subscribe_ms', true);
const events = new Counter('gopang_ws_events');
const errorFrames = new Counter('gopang_ws_error_frames');

export const options = {
  scenarios: {
    // each VU holds one connection per iteration: ramp to CLIENTS, hold, ramp down
    connections: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: `${RAMP_SEC}s`, target: CLIENTS },
        { duration: `${HOLD_SEC}s`, target: CLIENTS },
        { duration: '5s', target: 0 },
      ],
      gracefulRampDown: `${HOLD_SEC + 5}s`,
    },
  },
  thresholds: {
    gopang_ws_hello_ms: [`p(99)<${intEnv('HELLO_P99_MS', 1000)}`],
    gopang_ws_subscribe_ms: [`p(99)<${intEnv('SUBSCRIBE_P99_MS', 50)}`],
    checks: ['rate>0.99'],
  },
  summaryTrendStats: ['avg', 'p(50)', 'p(90)', 'p(99)', 'max'],
};

export function setup() {
  console.log(`[k6] ${wsUrl}: up to ${CLIENTS} clients, topic ${topic}, ${tokens.length} tokens`);
}

export default function () {
  // one user per VU (wrapping over the pool), so each user topic is held by one client
  const token = tokens[(exec.vu.idInTest - 1) % tokens.length];
  const started = Date.now();
  let subscribedAt = 0;
  let subscribed = false;
  const res = ws.connect(wsUrl, { headers: { authorization: `Bearer ${token}` }, tags: { name: 'ws' } }, (socket) => {
    socket.on('message', (raw) => {
      const frame = JSON.parse(raw);
      if (frame.type === 'hello') {
        helloMs.add(Date.now() - started);
        subscribedAt = Date.now();
        socket.send(JSON.stringify({ type: 'subscribe', topic, id: 'k6' }));
      } else if (frame.type === 'subscribed' && frame.topic === topic) {
        subscribeMs.add(Date.now() - subscribedAt);
        subscribed = true;
      } else if (frame.type === 'event') {
        events.add(1, { topic: frame.topic.split('.')[0] });
      } else if (frame.type === 'error') {
        errorFrames.add(1, { code: String(frame.code) });
      }
    });
    socket.setTimeout(() => socket.close(), HOLD_SEC * 1000);
  });
  check(res, { 'upgraded (101)': (r) => r && r.status === 101 });
  check(subscribed, { [`subscribed to ${topic}`]: (s) => s === true });
}

export function handleSummary(data) {
  return summaryOutputs('ws-push', data);
}
