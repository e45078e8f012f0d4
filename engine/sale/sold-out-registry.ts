// Sales this edge knows are sold out. Sold out is final, so the admitted answers of such a sale
// (at most `stock` of them) are loaded once, and every later attempt is answered from memory:
// a replay of an admitted key gets its original answer, anything else SOLD_OUT.
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import { log } from '../platform/log.js';
import { saleKeys } from './sale-keys.js';
import { soldOutSubject, soldOutWildcard } from './sale-subjects.js';

export class SoldOutRegistry {
  /** saleId -> admitted answers by "userId:idempotencyKey"; null while loading */
  private readonly sales = new Map<number, Map<string, string> | null>();
  private subscription?: Subscription;

  constructor(
    private readonly redis: Redis,
    private readonly nc: NatsConnection,
    private readonly namespace: string,
  ) {}

  /** Listens for sold-out announcements from every edge. */
  start(): void {
    this.subscription = this.nc.subscribe(soldOutWildcard(this.namespace), {
      callback: (err, msg) => {
        if (err) return;
        const saleId = Number(msg.subject.slice(msg.subject.lastIndexOf('.') + 1));
        if (Number.isSafeInteger(saleId)) this.markSoldOut(saleId);
      },
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
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
    this.redis.hgetall(saleKeys(this.namespace, saleId).admitted).then(
      (answers) => this.sales.set(saleId, new Map(Object.entries(answers))),
      (err: unknown) => {
        this.sales.delete(saleId); // try again on the next sold-out answer
        log('warn', 'could not load admitted answers of a sold-out sale', { saleId, err });
      },
    );
  }
}
