// Order routes: a buyer places an order from the cart or from explicit items (Idempotency-Key required;
// 202 once the stock is held and the order handed to its actor), lists and reads orders and cancels one; a seller moves
// its items through delivery (admins' parked orders: edge/admin). Registers the cart, internal intake and
// fulfilment (seller order list, parcels, receipt confirmation) routes too.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { grants } from '../../engine/auth/permissions.js';
import { CartStore } from '../../engine/cart/cart-store.js';
import { EngineError } from '../../engine/platform/errors.js';
import { cancelOrder, updateShipment } from '../../engine/orders/order-actions.js';
import { BuyerItemLimit } from '../../engine/orders/buyer-item-limit.js';
import { acceptedOrder, OrderIntake } from '../../engine/orders/order-intake.js';
import { OrderPublisher } from '../../engine/orders/order-publisher.js';
import { SkuPriceCache } from '../../engine/catalog/sku-price-cache.js';
import { defineReservationScripts } from '../../engine/reservation/reservation-admission.js';
import { getOrder, listOrders } from '../../engine/orders/order-queries.js';
import { orderAdvanceSubject, orderQueue } from '../../engine/orders/order-queue.js';
import { ensureWorkQueueStream } from '../../engine/platform/messaging/work-queue-stream.js';
import { authorize } from '../http/auth-permission.js';
import { authenticate } from '../http/authenticate.js';
import { cartRoutes } from '../cart/cart-routes.js';
import { internalOrderRoutes } from './internal-order-routes.js';
import { fulfilmentRoutes } from './fulfilment-routes.js';
import type { EdgeContext, EdgeFeature } from '../edge-context.js';
import type { PaymentGateway } from '../../engine/payment/payment-gateway.js';
import { cancelOrderItemBySeller } from '../../engine/after-sale/seller-cancellation.js';
import { payableOrderRow } from '../../engine/orders/order-rows.js';
import { bodyText, positiveId, route } from '../http/http-errors.js';
import { validateOrderBody, validatePaymentBody, validateShipment } from './order-schemas.js';
import { OrderPayments } from '../../engine/orders/order-payment.js';
import { HoldCheckout } from '../../engine/orders/hold-checkout.js';
import { chooseReceiver } from '../../engine/addresses/receiver-choice.js';
import { ISO_DATE_TIME, isValidIdempotencyKey, parseBody } from '../http/schemas.js';
import { decodeTimeIdCursor } from '../../engine/platform/db/keyset-page.js';
import { pageLimit, withLegacyItems } from '../http/paging.js';

/** `cursor`, or for one release the legacy `before` (the createdAt of the previous page's last order). */
function ordersAfter(query: Record<string, string | undefined>): { at: string; id?: string } | undefined {
  if (query.cursor) return decodeTimeIdCursor(query.cursor);
  const raw = query.before;
  if (raw === undefined || raw === '') return undefined;
  // Date.parse alone is lenient ("' OR '1'='1" parses) and Postgres rejects some of what it accepts,
  // which was a 500: ISO 8601 only, and Postgres gets our normalised form (what `next` hands out)
  const ms = typeof raw === 'string' && ISO_DATE_TIME.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) throw new EngineError('INVALID_INPUT', 'before must be an ISO 8601 timestamp');
  return { at: new Date(ms).toISOString() };
}

function requiredIdempotencyKey(raw: string | undefined): string {
  if (!isValidIdempotencyKey(raw ?? '')) {
    throw new EngineError('IDEMPOTENCY_KEY_REQUIRED', 'Idempotency-Key header of 1-128 visible ASCII characters is required');
  }
  return raw!;
}

/** `gatewayFor`: the edge's payment gateway (a seller's item cancel refunds through it). */
export function orderRoutes(gatewayFor: (ctx: EdgeContext) => PaymentGateway): EdgeFeature {
  return (ctx) => registerOrderRoutes(ctx, gatewayFor(ctx));
}

async function registerOrderRoutes(ctx: EdgeContext, gateway: PaymentGateway): Promise<void> {
  const { config, server, db, nc, redis, verifier } = ctx;
  defineReservationScripts(redis, config.luaDir);
  await ensureWorkQueueStream(await jetstreamManager(nc), orderQueue, config.namespace, config.natsStreamReplicas);
  const publisher = new OrderPublisher(jetstream(nc), config);
  ctx.onStop(() => publisher.drain());
  const intake = new OrderIntake({
    redis, publisher, config: config.orders, namespace: config.namespace, idempotencyTtlSec: config.idempotencyTtlSec,
    prices: new SkuPriceCache(db, config.orders.priceCacheMs),
    // an accepted order its actor has not written once its hold expired never will be
    limit: new BuyerItemLimit(db, redis, config.namespace, config.orders.holdTtlMs + 60_000, config.luaDir),
  });
  const payments = new OrderPayments({ db, redis, publisher, namespace: config.namespace, idempotencyTtlSec: config.idempotencyTtlSec });
  const checkout = new HoldCheckout({
    db, redis, intake, publisher, namespace: config.namespace, idempotencyTtlSec: config.idempotencyTtlSec,
    reservations: { db, redis, nc, namespace: config.namespace },
  });
  const holdExists = acceptedOrder(redis, config.namespace);
  // a cancel only moves the order into its compensations: the orchestrator runs them now (its sweep would later)
  const advance = (orderId: string) => nc.publish(orderAdvanceSubject(config.namespace), orderId);
  const carts = new CartStore(db, config.orders.maxQuantityPerSku);
  const limit = config.http.restMaxBodyBytes;
  cartRoutes(ctx, carts);
  internalOrderRoutes(ctx, intake);
  fulfilmentRoutes(ctx);

  server.post('/api/v1/orders', route('create_order', async (req, res) => {
    const principal = await authorize(verifier, req.headers.authorization ?? '', 'order:create');
    const idempotencyKey = requiredIdempotencyKey(req.headers['idempotency-key']);
    const body = parseBody(await bodyText(req, limit), validateOrderBody);
    if ([body.fromCart, body.items, body.reservationId].filter(Boolean).length !== 1) {
      throw new EngineError('INVALID_INPUT', 'give one of fromCart: true, items or reservationId');
    }
    const receiver = await chooseReceiver(db, principal.userId, body);
    if (body.reservationId) {
      const { orderId } = await checkout.checkout({
        userId: principal.userId, reservationId: body.reservationId, idempotencyKey, cardToken: body.cardToken,
        receiver, deliveryNote: body.deliveryNote ?? '',
      });
      res.status(202).json({ orderId, status: 'PENDING' });
      return;
    }
    const owner = { userId: principal.userId };
    const lines = body.items ?? (await carts.view(owner)).items.map((l) => ({ sku: l.sku, quantity: l.quantity }));
    const result = await intake.submit(
      { userId: principal.userId, source: 'API', idempotencyKey, lines, receiver, deliveryNote: body.deliveryNote ?? '', cardToken: body.cardToken },
    );
    if (body.fromCart) await carts.clear(owner);
    res.status(202).json({ orderId: result.orderId, status: 'PENDING' });
  }));

  server.post('/api/v1/orders/:id/payment', route('pay_order', async (req, res) => {
    const principal = await authorize(verifier, req.headers.authorization ?? '', 'order:create');
    const idempotencyKey = requiredIdempotencyKey(req.headers['idempotency-key']);
    const body = parseBody(await bodyText(req, limit), validatePaymentBody);
    const orderId = req.path_parameters.id ?? '';
    const receiver = await chooseReceiver(db, principal.userId, body);
    await payments.pay({ orderId, userId: principal.userId, idempotencyKey, cardToken: body.cardToken, receiver });
    res.status(202).json({ orderId, status: 'PAYMENT_PENDING' });
  }));

  server.get('/api/v1/orders', route('list_orders', async (req, res) => {
    const principal = await authorize(verifier, req.headers.authorization ?? '', 'order:read:own');
    res.json(withLegacyItems(await listOrders(db, principal.userId, pageLimit(req.query_parameters.limit), ordersAfter(req.query_parameters)), 'orders'));
  }));

  server.get('/api/v1/orders/:id', route('get_order', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '');
    res.json(await getOrder(db, req.path_parameters.id ?? '', principal.userId, grants(principal, 'order:read:any'), holdExists));
  }));

  server.delete('/api/v1/orders/:id', route('cancel_order', async (req, res) => {
    const principal = await authorize(verifier, req.headers.authorization ?? '', 'order:create');
    const cancelled = await cancelOrder(db, req.path_parameters.id ?? '', principal.userId);
    advance(cancelled.orderId);
    res.status(202).json({ orderId: cancelled.orderId, status: 'CANCELLING' });
  }));

  server.post('/api/v1/seller/orders/:id/items/:itemId/shipment', route('update_shipment', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '', 'seller');
    const body = parseBody(await bodyText(req, limit), validateShipment);
    const orderItemId = positiveId(req.path_parameters.itemId);
    const orderId = req.path_parameters.id ?? '';
    if (body.status === 'CANCELLED') {
      // the seller's own item only: refunded and restocked, the order's other items untouched
      await cancelOrderItemBySeller({ db, redis, nc, gateway, namespace: config.namespace }, principal, orderItemId, { reason: 'cancelled by the seller' }, orderId);
      const order = (await payableOrderRow(db, orderId))!;
      res.json({ orderId, status: order.status, shipmentStatus: 'CANCELLED' });
      return;
    }
    res.json(await updateShipment(db, nc, config.namespace, principal.userId, orderId, orderItemId, body.status));
  }));
}
