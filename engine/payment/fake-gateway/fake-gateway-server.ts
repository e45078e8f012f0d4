// A PortOne-like payment gateway for local runs and tests (node:http): access tokens, billing keys (card
// registration), one-time payments idempotent by merchant_uid, full and partial cancels, lookups; plus
// injected latency, transient 500s,
// declines and hung requests, switchable at run time through POST /__control. GET /__stats counts it all.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeGatewayConfig } from '../payment-config.js';
import { PORTONE_FAILURE, PORTONE_OK, PORTONE_REFUSED, portOnePaths } from '../portone-wire.js';
import { BillingKeys } from './billing-keys.js';
import { ENDPOINTS, FaultInjection, type Endpoint } from './fault-injection.js';
import { PaymentLedger } from './payment-ledger.js';
import { checkBody, validateBillingKeyRequest, validateCancelRequest, validatePayRequest, validateTokenRequest } from './wire-schemas.js';

interface Answer {
  status: number;
  body: unknown;
}

const MAX_BODY_BYTES = 64 * 1024;
/** our billing keys are `bk_` + base64url; PortOne's customer_uid allows more, this fake only what a path needs no escaping for */
const CUSTOMER_UID = /^[A-Za-z0-9_-]{4,128}$/;

export interface FakeGateway {
  url: string;
  stop(): Promise<void>;
}

const ok = (response: unknown): Answer => ({ status: 200, body: { code: PORTONE_OK, message: null, response } });
const refused = (status: number, code: number, message: string): Answer => ({ status, body: { code, message, response: null } });

function endpointOf(method: string | undefined, path: string): Endpoint | undefined {
  if (method === 'POST' && path === portOnePaths.getToken) return 'getToken';
  if (method === 'POST' && path === portOnePaths.pay) return 'pay';
  if (method === 'POST' && path === portOnePaths.cancel) return 'cancel';
  if (method === 'GET' && path.startsWith(portOnePaths.findPrefix)) return 'find';
  if (method === 'POST' && path.startsWith(portOnePaths.billingKeyPrefix)) return 'issueBillingKey';
  if (method === 'DELETE' && path.startsWith(portOnePaths.billingKeyPrefix)) return 'deleteBillingKey';
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, answer: Answer): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer.body));
}

export async function startFakeGateway(config: FakeGatewayConfig): Promise<FakeGateway> {
  const url = `http://${config.host}:${config.port}`;
  const faults = new FaultInjection(config);
  const ledger = new PaymentLedger(url);
  const billingKeys = new BillingKeys();
  const requests = Object.fromEntries(ENDPOINTS.map((e) => [e, 0])) as Record<Endpoint, number>;
  const traffic = { requests, transientErrors: 0, timeouts: 0, unauthorized: 0 };
  const hanging = new Set<ServerResponse>();

  const authorized = (header: string | undefined) => header !== undefined && ledger.tokenValid(header.replace(/^Bearer\s+/i, ''));

  function serve(endpoint: Endpoint, path: string, text: string): Answer {
    if (endpoint === 'getToken') {
      const body = checkBody(text, validateTokenRequest);
      if (!body.ok) return refused(400, PORTONE_REFUSED, body.message);
      if (body.value.imp_key !== config.apiKey || body.value.imp_secret !== config.apiSecret) {
        return refused(401, PORTONE_FAILURE, 'imp_key or imp_secret is wrong');
      }
      return ok(ledger.issueToken(faults.knobs.tokenTtlSec));
    }
    if (endpoint === 'find') {
      const payment = ledger.find(decodeURIComponent(path.slice(portOnePaths.findPrefix.length)));
      return payment ? ok(payment) : refused(404, PORTONE_REFUSED, 'no payment with this merchant_uid');
    }
    if (endpoint === 'issueBillingKey' || endpoint === 'deleteBillingKey') return serveBillingKey(endpoint, path, text);
    const answer =
      endpoint === 'pay'
        ? mapBody(checkBody(text, validatePayRequest), (request) => ledger.pay(request, billingKeys.cardOf(request.card_token), faults.roll(faults.knobs.declineRate)))
        : mapBody(checkBody(text, validateCancelRequest), (request) => ledger.cancel(request));
    return answer.ok ? ok(answer.payment) : refused(answer.status, PORTONE_REFUSED, answer.message);
  }

  function serveBillingKey(endpoint: 'issueBillingKey' | 'deleteBillingKey', path: string, text: string): Answer {
    const customerUid = path.slice(portOnePaths.billingKeyPrefix.length);
    if (!CUSTOMER_UID.test(customerUid)) return refused(400, PORTONE_REFUSED, 'customer_uid must be 4-128 of A-Z a-z 0-9 _ -');
    const answer =
      endpoint === 'issueBillingKey'
        ? mapBody(checkBody(text, validateBillingKeyRequest), (card) => billingKeys.register(customerUid, card))
        : billingKeys.remove(customerUid);
    return answer.ok ? ok(answer.billingKey) : refused(answer.status, PORTONE_REFUSED, answer.message);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    if (text === undefined) return send(res, refused(413, PORTONE_REFUSED, 'body too large'));
    const path = new URL(req.url ?? '/', url).pathname;
    if (path === '/__control' && req.method === 'POST') return control(res, text);
    if (path === '/__stats' && req.method === 'GET') return send(res, { status: 200, body: { ...ledger.stats, ...billingKeys.stats, ...traffic, knobs: faults.knobs } });
    const endpoint = endpointOf(req.method, path);
    if (!endpoint) return send(res, refused(404, PORTONE_REFUSED, 'no such endpoint'));
    traffic.requests[endpoint]++;
    if (faults.knobs.latencyMs > 0) await sleep(faults.knobs.latencyMs);
    if (endpoint === 'pay' && faults.knobs.payDelayMs > 0) await sleep(faults.knobs.payDelayMs);
    if (faults.transientError(endpoint)) {
      traffic.transientErrors++;
      return send(res, refused(500, PORTONE_FAILURE, 'temporary gateway error'));
    }
    if (endpoint !== 'getToken' && !authorized(req.headers.authorization)) {
      traffic.unauthorized++;
      return send(res, refused(401, PORTONE_FAILURE, 'Unauthorized'));
    }
    const answer = serve(endpoint, path, text);
    // the worst case for a client: the work is done, the answer never comes
    if (faults.hang(endpoint)) {
      traffic.timeouts++;
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    send(res, answer);
  }

  function control(res: ServerResponse, text: string): void {
    const body = checkBody(text, (data: unknown): data is Record<string, unknown> => typeof data === 'object' && data !== null && !Array.isArray(data));
    const problem = body.ok ? faults.update(body.value) : body.message;
    send(res, problem ? refused(400, PORTONE_REFUSED, problem) : ok(faults.knobs));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, refused(500, PORTONE_FAILURE, 'internal error')));
  });
  server.listen(config.port, config.host);
  await once(server, 'listening');
  return {
    url,
    async stop() {
      for (const res of hanging) res.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function mapBody<T, R>(body: { ok: true; value: T } | { ok: false; message: string }, apply: (value: T) => R): R | { ok: false; status: 400; message: string } {
  return body.ok ? apply(body.value) : { ok: false, status: 400, message: body.message };
}
