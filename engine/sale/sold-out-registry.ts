// Sales this edge knows are sold out. While one is, the admitted answers of the sale (at most `stock`
// of them) are loaded once, and every later attempt is answered from memory: a replay of an admitted
// key gets its original answer, anything else SOLD_OUT. Sold out ends when expired orders return units
// (a reopened announcement): the edge forgets the sale and asks Redis again. A sold-out announcement
// that crosses a reopen is checked against the counter as the answers load, so it cannot stick.
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import { log } from '../platform/log.js';
import { saleKeys } from './sale-keys.js';
import { reopenedWildcard, soldOutSubject, soldOutWildcard } from './sale-subjects.js';

export class SoldOutRegistry {
  /** saleId -> admitted answers by "userId:idempotencyKey"; null while loading */
  private readonly sales = new Map<number, Map<string, string> | null>();
  private subscriptions: Subscription[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly nc: NatsConnection,
    private readonly namespace: string,
  ) {}

  /** Listens for sold-out announcements from every edge, and for reopened sales. */
  start(): void {
    this.subscriptions = [
      this.onSale(soldOutWildcard(this.namespace), (saleId) => this.markSoldOut(saleId)),
      this.onSale(reopenedWildcard(this.namespace), (saleId) => this.sales.delete(saleId)),
    ];
  }

  stop(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }

  private onSale(subject: string, handle: (saleId: number) => void): Subscription {
    return this.nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) return;
        const saleId = Number(msg.subject.slice(msg.subject.lastIndexOf('.') + 1));
        if (Number.isSafeInteger(saleId)) handle(saleId);
      },
    });
  }

  /** The admitted answers of a sold-out sale, or undefined while the sale must still go to Redis. */
  answers(saleId: number): Map<string, string> | undefined {
    return this.sales.get(saleId) ?? undefined;
  }

  /** Marks the sale sold out here and tells every other edge. */
  announce(saleId: number): void {
    if (this.sales.has(saleId)) return;
    this.nc.publish(soldOutSubject(this.namespace, saleId));
    this.markSoldOut(saleId);
  }

  private markSoldOut(saleId: number): void {
    if (this.sales.has(saleId)) return;
    this.sales.set(saleId, null);
    const keys = saleKeys(this.namespace, saleId);
    Promise.all([this.redis.hgetall(keys.admitted), this.redis.hget(keys.meta, 'remaining')]).then(
      ([answers, remaining]) => {
        // units came back meanwhile (the announcement crossed a reopen): not sold out after all
        if (Number(remaining) > 0) this.sales.delete(saleId);
        else if (this.sales.has(saleId)) this.sales.set(saleId, new Map(Object.entries(answers)));
      },
      (err: unknown) => {
        this.sales.delete(saleId); // try again on the next sold-out answer
        log('warn', 'could not load admitted answers of a sold-out sale', { saleId, err });
      },
    );
  }
}
