// Sales this edge knows are sold out. While one is, new attempts are answered SOLD_OUT from memory; a
// replay of an admitted key still gets its original answer. The edge does not copy the admitted answers
// (up to `stock` of them, millions): it keeps a Bloom filter of their keys, filled by an incremental HSCAN,
// and asks Redis for the one answer only when the filter says an attempt may be a replay. A sale is
// forgotten when it ends (then Redis answers ENDED) or when expired orders return units (a reopened
// announcement): the next attempt goes to Redis again. A sold-out announcement that crosses a reopen is
// checked against the counter as the filter loads, so it cannot stick.
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { RedisClient } from '../platform/redis/redis-client.js';
import { BloomFilter } from '../platform/bloom-filter.js';
import { log } from '../platform/log.js';
import { saleKeys } from './sale-keys.js';
import { reopenedWildcard, soldOutSubject, soldOutWildcard } from './sale-subjects.js';

/** Fields per HSCAN call while the filter loads: small steps, so Redis never stalls on one sale. */
const SCAN_COUNT = 5_000;

export class SoldOutRegistry {
  /** saleId -> filter of its admitted keys; null while loading */
  private readonly sales = new Map<number, BloomFilter | null>();
  private readonly evictions = new Map<number, NodeJS.Timeout>();
  private subscriptions: Subscription[] = [];

  constructor(
    private readonly redis: RedisClient,
    private readonly nc: NatsConnection,
    private readonly namespace: string,
  ) {}

  /** Listens for sold-out announcements from every edge, and for reopened sales. */
  start(): void {
    this.subscriptions = [
      this.onSale(soldOutWildcard(this.namespace), (saleId) => this.markSoldOut(saleId)),
      this.onSale(reopenedWildcard(this.namespace), (saleId) => this.forget(saleId)),
    ];
  }

  stop(): void {
    for (const s of this.subscriptions) s.unsubscribe();
    for (const timer of this.evictions.values()) clearTimeout(timer);
  }

  /** The filter of a sold-out sale's admitted keys, or undefined while the sale must still go to Redis. */
  admittedFilter(saleId: number): BloomFilter | undefined {
    return this.sales.get(saleId) ?? undefined;
  }

  /** Marks the sale sold out here and tells every other edge. */
  announce(saleId: number): void {
    if (this.sales.has(saleId)) return;
    this.nc.publish(soldOutSubject(this.namespace, saleId));
    this.markSoldOut(saleId);
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

  private forget(saleId: number): void {
    this.sales.delete(saleId);
    clearTimeout(this.evictions.get(saleId));
    this.evictions.delete(saleId);
  }

  private markSoldOut(saleId: number): void {
    if (this.sales.has(saleId)) return;
    this.sales.set(saleId, null);
    this.load(saleId).catch((err: unknown) => {
      this.sales.delete(saleId); // try again on the next sold-out answer
      log('warn', 'could not load the admitted keys of a sold-out sale', { saleId, err });
    });
  }

  private async load(saleId: number): Promise<void> {
    const keys = saleKeys(this.namespace, saleId);
    const [remaining, ends, admitted] = await Promise.all([
      this.redis.hget(keys.meta, 'remaining'),
      this.redis.hget(keys.meta, 'ends'),
      this.redis.hlen(keys.admitted),
    ]);
    // units came back meanwhile (the announcement crossed a reopen): not sold out after all
    if (Number(remaining) > 0) return this.forget(saleId);
    const filter = new BloomFilter(admitted);
    let cursor = '0';
    do {
      const [next, fields] = await this.redis.hscan(keys.admitted, cursor, 'COUNT', SCAN_COUNT);
      for (let i = 0; i < fields.length; i += 2) filter.add(fields[i]);
      cursor = next;
    } while (cursor !== '0');
    if (!this.sales.has(saleId)) return; // reopened while loading
    this.sales.set(saleId, filter);
    const endsInMs = Number(ends) - Date.now();
    if (endsInMs > 0) this.evictions.set(saleId, setTimeout(() => this.forget(saleId), endsInMs).unref());
    else this.forget(saleId);
  }
}
