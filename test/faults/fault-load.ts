// The load that runs while a fault happens: flash-sale attempts, reservations and orders, each client
// with its own Idempotency-Key. A client retries with the same key, as a real one would, whenever the
// answer is not final (no answer at all, a 5xx, or "paused until counters are rebuilt"); some clients
// also send a second time after a final answer. Every answer is recorded for the books.
import type { HttpAnswer } from '../support/http-client.js';
import { errorCode } from '../support/auth-api.js';
import type { FaultRig } from './fault-rig.js';

/** Refusals that say "not now": the client waits and retries with the same key. */
const retryableCodes = new Set(['SALE_UNAVAILABLE', 'INVENTORY_UNAVAILABLE', 'UNAVAILABLE', 'RATE_LIMITED']);

export interface ClientRecord {
  userId: number;
  key: string;
  token: string;
  /** every final answer's status and body (the id it got, or the refusal code) */
  answers: { status: number; id?: string; code?: string }[];
  /** answers that were not final: transport errors, 5xx, retryable refusals, by code */
  transient: Map<string, number>;
}

export interface LoadPlan {
  /** clients started per kind, spread evenly over `spreadMs` */
  clients: number;
  spreadMs: number;
  /** how long a client keeps retrying before giving up (the test then fails on its record) */
  giveUpMs: number;
}

export type LoadKind = 'sale' | 'reservation' | 'order';

function idOf(kind: LoadKind, answer: HttpAnswer): string {
  const body = answer.json();
  return kind === 'sale' ? body.ticket : kind === 'reservation' ? body.reservationId : body.orderId;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One client: send until a final answer, then (every third client) once more with the same key. */
async function runClient(kind: LoadKind, record: ClientRecord, send: () => Promise<HttpAnswer>, giveUpMs: number, sends = record.userId % 3 === 0 ? 2 : 1): Promise<void> {
  const deadline = Date.now() + giveUpMs;
  for (let i = 0; i < sends; i++) {
    for (;;) {
      let answer: HttpAnswer | undefined;
      let transient: string | undefined;
      try {
        answer = await send();
        const code = answer.status >= 400 ? errorCode(answer) : undefined;
        if (answer.status >= 500 || (code && retryableCodes.has(code))) transient = code ?? `HTTP_${answer.status}`;
      } catch (err) {
        transient = (err as { code?: string }).code ?? 'NETWORK';
      }
      if (!transient && answer) {
        record.answers.push(answer.status < 300 ? { status: answer.status, id: idOf(kind, answer) } : { status: answer.status, code: errorCode(answer) });
        break;
      }
      record.transient.set(transient!, (record.transient.get(transient!) ?? 0) + 1);
      if (Date.now() > deadline) return;
      await sleep(200 + Math.random() * 300);
    }
  }
}

const kinds: LoadKind[] = ['sale', 'reservation', 'order'];

/** How each kind of client sends its request. */
function sendersFor(rig: FaultRig, targets: LoadTargets): Record<LoadKind, (r: ClientRecord) => Promise<HttpAnswer>> {
  return {
    sale: (r) => rig.sale.attempt(targets.saleId, r.token, r.key),
    reservation: (r) => rig.fx.rx.reserve(r.token, [{ sku: targets.reservationSku, quantity: 1 }], r.key),
    order: (r) => rig.fx.order(r.token, { items: [{ sku: targets.orderSku, quantity: 1 }] }, r.key),
  };
}

/** Every client sends its key once more (after the fault is over); the answers join its record. */
export async function resendAll(rig: FaultRig, targets: LoadTargets, records: Record<LoadKind, ClientRecord[]>, giveUpMs: number): Promise<void> {
  const senders = sendersFor(rig, targets);
  await Promise.all(kinds.flatMap((kind) => records[kind].map((r) => runClient(kind, r, () => senders[kind](r), giveUpMs, 1))));
}

export interface RunningLoad {
  records: Record<LoadKind, ClientRecord[]>;
  /** resolves when every client has its final answer (or gave up) */
  done: Promise<void>;
}

export interface LoadTargets {
  saleId: number;
  /** SKU reserved by the reservation clients */
  reservationSku: number;
  /** SKU bought by the order clients */
  orderSku: number;
}

/**
 * Starts the three loads at once; `firstUser` keeps users of different scenarios apart. Clients start
 * one by one over `spreadMs`, so the load is continuous across the fault.
 */
export async function startLoad(rig: FaultRig, targets: LoadTargets, plan: LoadPlan, firstUser: number, tag: string): Promise<RunningLoad> {
  const { sale } = rig;
  const records = {} as Record<LoadKind, ClientRecord[]>;
  for (const [k, kind] of kinds.entries()) {
    records[kind] = await Promise.all(
      Array.from({ length: plan.clients }, async (_, i) => {
        const userId = firstUser + k * plan.clients + i;
        return { userId, key: `${tag}-${kind}-${userId}`, token: await sale.token(userId, 'buyer'), answers: [], transient: new Map() };
      }),
    );
  }
  const senders = sendersFor(rig, targets);
  const gap = plan.spreadMs / plan.clients;
  const clients: Promise<void>[] = [];
  const done = (async () => {
    for (let i = 0; i < plan.clients; i++) {
      for (const kind of kinds) clients.push(runClient(kind, records[kind][i], () => senders[kind](records[kind][i]), plan.giveUpMs));
      await sleep(gap);
    }
    await Promise.all(clients);
  })();
  return { records, done };
}

/** Counts of transient answers over all clients of a kind, for the progress line and assertions. */
export function transientCounts(records: ClientRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) for (const [code, n] of r.transient) counts[code] = (counts[code] ?? 0) + n;
  return counts;
}
