// Child-process entry: the bare uWS hello world the edge is compared with (`node uws-hello.js <port>`).
// POST reads its body and answers 409 with a sold-out error body, as the edge's sold-out path does, so the
// edge's exact request stream can be replayed against it (issue #17: "bare uWS, attempt-shaped POST
// answered 409").
import uWS from 'uWebSockets.js';

const SOLD_OUT = '{"error":{"code":"SOLD_OUT","message":"the sale is sold out","requestId":"00000000-0000-4000-8000-000000000000"}}';

const port = Number(process.argv[2]);
uWS
  .App()
  .get('/*', (res) => {
    res.end('hi');
  })
  .post('/*', (res) => {
    res.onAborted(() => {});
    res.onData((_chunk, last) => {
      if (last) res.cork(() => res.writeStatus('409 Conflict').writeHeader('content-type', 'application/json').end(SOLD_OUT));
    });
  })
  .listen('127.0.0.1', port, (socket) => {
    if (!socket) {
      process.stderr.write(`uws-hello: cannot listen on 127.0.0.1:${port}\n`);
      process.exit(1);
    }
    process.stdout.write('listening\n');
  });
process.on('SIGTERM', () => process.exit(0));
