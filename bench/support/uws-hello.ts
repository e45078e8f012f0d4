// Child-process entry: the bare uWS hello world the edge is compared with (`node uws-hello.js <port>`).
// POST answers too, so the edge's exact request stream can be replayed against it.
import uWS from 'uWebSockets.js';

const port = Number(process.argv[2]);
uWS
  .App()
  .get('/*', (res) => {
    res.end('hi');
  })
  .post('/*', (res) => {
    res.end('hi');
  })
  .listen('127.0.0.1', port, (socket) => {
    if (!socket) {
      process.stderr.write(`uws-hello: cannot listen on 127.0.0.1:${port}\n`);
      process.exit(1);
    }
    process.stdout.write('listening\n');
  });
process.on('SIGTERM', () => process.exit(0));
