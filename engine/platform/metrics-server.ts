// /metrics for processes without an HTTP edge (workers, scheduler): a plain node:http listener,
// off the hot path, so Prometheus scrapes every role.
import { createServer } from 'node:http';
import { once } from 'node:events';
import { log } from './log.js';
import { registry } from './metrics.js';

export async function startMetricsServer(host: string, port: number): Promise<{ stop(): Promise<void> }> {
  if (port <= 0) return { stop: async () => {} };
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NOT_FOUND","message":"no such route"}}');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  server.listen(port, host);
  await once(server, 'listening');
  log('info', 'metrics listening', { url: `http://${host}:${port}/metrics` });
  return { stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
