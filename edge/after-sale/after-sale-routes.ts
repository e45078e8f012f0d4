// After-sale REST: returns and exchanges of delivered items (buyer asks, seller/admin moves them
// along), and the seller's cancellation of an item not yet shipped. Refunds go through the payment
// gateway the feature is built with.
import { createAfterSale, getAfterSale, transitionAfterSale } from '../../engine/after-sale/after-sale-requests.js';
import type { AfterSaleKind } from '../../engine/after-sale/after-sale-types.js';
import { cancelOrderItemBySeller } from '../../engine/after-sale/seller-cancellation.js';
import type { PaymentGateway } from '../../engine/payment/payment-gateway.js';
import { sellerOrAdmin } from './after-sale-guards.js';
import { validateAfterSaleTransition, validateNewAfterSale, validateSellerCancellation } from './after-sale-schemas.js';
import { authenticate } from '../http/authenticate.js';
import type { EdgeContext, EdgeFeature } from '../edge-context.js';
import { bodyText, positiveId, route } from '../http/http-errors.js';
import { parseBody } from '../http/schemas.js';

const paths: Record<AfterSaleKind, string> = { RETURN: 'returns', EXCHANGE: 'exchanges' };

export function afterSaleRoutes(gatewayFor: (ctx: EdgeContext) => PaymentGateway): EdgeFeature {
  return (ctx) => {
    const { server, db, verifier } = ctx;
    const gateway = gatewayFor(ctx);
    const limit = ctx.config.http.restMaxBodyBytes;

    for (const kind of ['RETURN', 'EXCHANGE'] as const) {
      const name = kind.toLowerCase();
      server.post(`/api/v1/${paths[kind]}`, route(`create_${name}`, async (req, res) => {
        const principal = await authenticate(verifier, req.headers.authorization ?? '', 'buyer');
        const input = parseBody(await bodyText(req, limit), validateNewAfterSale);
        res.status(201).json(await createAfterSale(db, principal, kind, input));
      }));

      server.get(`/api/v1/${paths[kind]}/:id`, route(`get_${name}`, async (req, res) => {
        const principal = await authenticate(verifier, req.headers.authorization ?? '');
        res.json(await getAfterSale(db, principal, kind, positiveId(req.path_parameters.id)));
      }));

      server.post(`/api/v1/seller/${paths[kind]}/:id/status`, route(`transition_${name}`, async (req, res) => {
        const principal = await sellerOrAdmin(ctx, req);
        const id = positiveId(req.path_parameters.id);
        const change = parseBody(await bodyText(req, limit), validateAfterSaleTransition);
        res.json(await transitionAfterSale(db, gateway, principal, kind, id, change));
      }));
    }

    server.post('/api/v1/seller/order-items/:id/cancel', route('seller_cancel_order_item', async (req, res) => {
      const principal = await sellerOrAdmin(ctx, req);
      const id = positiveId(req.path_parameters.id);
      const input = parseBody(await bodyText(req, limit), validateSellerCancellation);
      res.json(await cancelOrderItemBySeller({ db, redis: ctx.redis, nc: ctx.nc, gateway, namespace: ctx.config.namespace }, principal, id, input));
    }));
  };
}
