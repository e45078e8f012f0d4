// After-sale REST: returns and exchanges of delivered items (the buyer asks, lists and withdraws them;
// the seller lists its own and moves them along; an exchange ends with the replacement's shipment), the
// seller's cancellation of an item not yet shipped. Refunds go through the payment gateway the feature
// is built with.
import type HyperExpress from 'hyper-express';
import { listOwnAfterSales, listSellerAfterSales } from '../../engine/after-sale/after-sale-lists.js';
import { createAfterSale, getAfterSale, transitionAfterSale } from '../../engine/after-sale/after-sale-requests.js';
import { afterSaleStatuses, type AfterSaleKind, type AfterSaleStatus } from '../../engine/after-sale/after-sale-types.js';
import { withdrawAfterSale } from '../../engine/after-sale/after-sale-withdrawal.js';
import { shipReplacement } from '../../engine/after-sale/exchange-replacement.js';
import type { ListQuery } from '../../engine/after-sale/after-sale-rows.js';
import { cancelOrderItemBySeller } from '../../engine/after-sale/seller-cancellation.js';
import type { PaymentGateway } from '../../engine/payment/payment-gateway.js';
import { EngineError } from '../../engine/platform/errors.js';
import { sellerOrAdmin } from './after-sale-guards.js';
import { validateAfterSaleTransition, validateNewAfterSale, validateReplacementShipment, validateSellerCancellation } from './after-sale-schemas.js';
import { authenticate } from '../http/authenticate.js';
import type { EdgeContext, EdgeFeature } from '../edge-context.js';
import { bodyText, positiveId, route } from '../http/http-errors.js';
import { idPageQuery } from '../http/paging.js';
import { parseBody } from '../http/schemas.js';

const paths: Record<AfterSaleKind, string> = { RETURN: 'returns', EXCHANGE: 'exchanges' };

/** `?cursor=&limit=&status=` of the lists (`before` for one release). */
function listQuery(kind: AfterSaleKind, req: HyperExpress.Request): ListQuery {
  const q = req.query_parameters;
  const status = q.status === undefined || q.status === '' ? undefined : q.status;
  if (status !== undefined && !afterSaleStatuses.includes(status as AfterSaleStatus)) {
    throw new EngineError('INVALID_INPUT', `status must be one of ${afterSaleStatuses.join(', ')}`);
  }
  return { kind, ...idPageQuery(q), status: status as AfterSaleStatus | undefined };
}

export function afterSaleRoutes(gatewayFor: (ctx: EdgeContext) => PaymentGateway): EdgeFeature {
  return (ctx) => {
    const { server, db, verifier } = ctx;
    const deps = { db, redis: ctx.redis, nc: ctx.nc, gateway: gatewayFor(ctx), namespace: ctx.config.namespace };
    const limit = ctx.config.http.restMaxBodyBytes;
    const buyer = (req: HyperExpress.Request) => authenticate(verifier, req.headers.authorization ?? '', 'buyer');

    for (const kind of ['RETURN', 'EXCHANGE'] as const) {
      const name = kind.toLowerCase();
      server.post(`/api/v1/${paths[kind]}`, route(`create_${name}`, async (req, res) => {
        const principal = await buyer(req);
        const input = parseBody(await bodyText(req, limit), validateNewAfterSale);
        res.status(201).json(await createAfterSale(db, principal, kind, input));
      }));

      server.get(`/api/v1/${paths[kind]}`, route(`list_${name}s`, async (req, res) => {
        const principal = await buyer(req);
        res.json(await listOwnAfterSales(db, principal, listQuery(kind, req)));
      }));

      server.get(`/api/v1/${paths[kind]}/:id`, route(`get_${name}`, async (req, res) => {
        const principal = await authenticate(verifier, req.headers.authorization ?? '');
        res.json(await getAfterSale(db, principal, kind, positiveId(req.path_parameters.id)));
      }));

      server.delete(`/api/v1/${paths[kind]}/:id`, route(`withdraw_${name}`, async (req, res) => {
        const principal = await buyer(req);
        res.json(await withdrawAfterSale(db, principal, kind, positiveId(req.path_parameters.id)));
      }));

      server.get(`/api/v1/seller/${paths[kind]}`, route(`seller_list_${name}s`, async (req, res) => {
        const principal = await authenticate(verifier, req.headers.authorization ?? '', 'seller');
        res.json(await listSellerAfterSales(db, principal, listQuery(kind, req)));
      }));

      server.post(`/api/v1/seller/${paths[kind]}/:id/status`, route(`transition_${name}`, async (req, res) => {
        const principal = await sellerOrAdmin(ctx, req);
        const id = positiveId(req.path_parameters.id);
        const change = parseBody(await bodyText(req, limit), validateAfterSaleTransition);
        res.json(await transitionAfterSale(deps, principal, kind, id, change));
      }));
    }

    server.post('/api/v1/seller/exchanges/:id/replacement', route('ship_exchange_replacement', async (req, res) => {
      const principal = await sellerOrAdmin(ctx, req);
      const id = positiveId(req.path_parameters.id);
      const input = parseBody(await bodyText(req, limit), validateReplacementShipment);
      res.json(await shipReplacement(db, principal, id, input));
    }));

    server.post('/api/v1/seller/order-items/:id/cancel', route('seller_cancel_order_item', async (req, res) => {
      const principal = await sellerOrAdmin(ctx, req);
      const id = positiveId(req.path_parameters.id);
      const input = parseBody(await bodyText(req, limit), validateSellerCancellation);
      res.json(await cancelOrderItemBySeller(deps, principal, id, input));
    }));

  };
}
