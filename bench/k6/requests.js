// Request bodies of the k6 scripts, with no k6 import so that test/ops/ops-assets.test.ts checks them
// against the edge's own schemas: a body the engine refuses fails a unit test, not a load run.
// The receiver and card are test values: the fake gateway pays any card token without "decline" in it.

export const RECEIVER = { name: 'K6 Buyer', phone: '010-0000-0000', address: '1 Load Street' };

/** POST /api/v1/sales/:id/attempts */
export function attemptBody() {
  return { quantity: 1 };
}

/** POST /api/v1/admin/sales: open from a minute before `nowMs` for `openSec` seconds */
export function saleBody(sku, stock, perUserLimit, nowMs, openSec) {
  return {
    sku,
    stock,
    perUserLimit,
    price: 20000,
    salePrice: 10000,
    startsAt: new Date(nowMs - 60000).toISOString(),
    endsAt: new Date(nowMs + openSec * 1000).toISOString(),
  };
}

/** POST /api/v1/orders: one unit of one SKU, paid with `cardToken` */
export function orderBody(sku, cardToken) {
  return { items: [{ sku, quantity: 1 }], receiver: RECEIVER, cardToken };
}

/** POST /api/v1/orders/:id/payment: pays an order awaiting payment (a flash-sale ticket's) */
export function paymentBody(cardToken) {
  return { cardToken, receiver: RECEIVER };
}

/** POST /api/v1/reservations: one unit of one SKU (`slot` for RESERVABLE SKUs, '' for none) */
export function reservationBody(sku, slot) {
  return { items: [slot ? { sku, quantity: 1, slot } : { sku, quantity: 1 }] };
}
