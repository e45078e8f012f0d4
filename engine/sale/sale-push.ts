// What a sale publishes on its push topic `sale.<id>` (payloads in engine/push/push-types.ts). Stock
// goes out coalesced (sale-stock-push.ts); sold-out and reopened go out once per event, from the code
// that sees the event: the admission of the last unit, the expiry that returns units.
import type { NatsConnection } from '@nats-io/transport-node';
import { publishPush } from '../push/push-publisher.js';
import { saleTopic } from '../push/push-topics.js';
import type { SaleReopenedEvent, SaleSoldOutEvent, SaleStockEvent } from '../push/push-types.js';

export function publishSaleStock(nc: NatsConnection, namespace: string, saleId: number, remaining: number): void {
  const event: SaleStockEvent = { type: 'sale.stock', saleId, remaining };
  publishPush(nc, namespace, saleTopic(saleId), event);
}

/** Call once per sold-out event: after the admission that took the last unit. */
export function publishSaleSoldOut(nc: NatsConnection, namespace: string, saleId: number): void {
  const event: SaleSoldOutEvent = { type: 'sale.soldout', saleId };
  publishPush(nc, namespace, saleTopic(saleId), event);
}

/** Call once per sale each time units come back (after the Redis counter rose), with the units left afterwards. */
export function publishSaleReopened(nc: NatsConnection, namespace: string, saleId: number, remaining: number): void {
  const event: SaleReopenedEvent = { type: 'sale.reopened', saleId, remaining };
  publishPush(nc, namespace, saleTopic(saleId), event);
}
