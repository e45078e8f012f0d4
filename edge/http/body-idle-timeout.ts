// uWS 20.57 no longer closes a connection whose request body stalls (20.30 did, after 10 s without
// traffic): a client that declares a body and stops sending would hold the request, and the handler
// waiting for it, for good. So the edge does it: a body that makes no progress for BODY_IDLE_TIMEOUT_MS
// gets its connection closed (no answer: the request is incomplete), on the REST routes and the raw ones.
// One ticker per process looks at every body in flight, so a request costs a set entry, not a timer.
import type HyperExpress from 'hyper-express';

export const BODY_IDLE_TIMEOUT_MS = 10_000;
const TICK_MS = 1_000;

interface Watched {
  /** bytes received so far; undefined once the body is complete or the exchange is over */
  progress(): number | undefined;
  close(): void;
  count: number;
  since: number;
}

const watched = new Set<Watched>();
let ticker: NodeJS.Timeout | undefined;

function tick(): void {
  const now = Date.now();
  for (const body of watched) {
    const count = body.progress();
    if (count === undefined) watched.delete(body);
    else if (count !== body.count) Object.assign(body, { count, since: now });
    else if (now - body.since >= BODY_IDLE_TIMEOUT_MS) {
      watched.delete(body);
      body.close();
    }
  }
  if (watched.size === 0) {
    clearInterval(ticker);
    ticker = undefined;
  }
}

/** Closes the exchange once its body made no progress for BODY_IDLE_TIMEOUT_MS; the answer stops watching. */
export function closeWhenStalled(progress: () => number | undefined, close: () => void): () => void {
  const body: Watched = { progress, close, count: progress() ?? 0, since: Date.now() };
  watched.add(body);
  ticker ??= setInterval(tick, TICK_MS).unref();
  return () => watched.delete(body);
}

/** The bytes of the body hyper-express has received so far (its counter is missing from its typings). */
const receivedBytes = (req: HyperExpress.Request): number => (req as unknown as { _body_received_bytes?: number })._body_received_bytes ?? 0;

/** For every REST route: hyper-express starts reading a declared body before the route runs. */
export function bodyIdleTimeoutMiddleware(): HyperExpress.MiddlewareHandler {
  return (req, res, next) => {
    if (!req.received) closeWhenStalled(() => (req.received || res.completed ? undefined : receivedBytes(req)), () => res.close());
    next();
  };
}
