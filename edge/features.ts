// Every feature of the edge, registered in this order. A new feature adds one line here.
import { afterSaleRoutes } from './after-sale/after-sale-routes.js';
import { authRoutes } from './auth/auth-routes.js';
import { catalogRoutes } from './catalog/catalog-routes.js';
import { opsRoutes } from './ops/ops-routes.js';
import { orderRoutes } from './orders/order-routes.js';
import { reservationRoutes } from './reservation/reservation-routes.js';
import { reviewRoutes } from './reviews/review-routes.js';
import { saleRoutes } from './sale/sale-routes.js';
import { settlementRoutes } from './settlement/settlement-routes.js';
import { pushFeature } from './push/push-feature.js';
import { paymentMethodRoutes } from './payment/payment-method-routes.js';
import { buyerOrderRoutes } from './orders/buyer-order-routes.js';
import { wishlistRoutes } from './catalog/wishlist-routes.js';
import { addressRoutes } from './addresses/address-routes.js';
import { adminRoutes } from './admin/admin-routes.js';
import { docsViewerRoutes } from './openapi/docs-viewer.js';
import { createPaymentGateway, type PortOneGateway } from '../engine/payment/portone-gateway.js';

import type { EdgeContext, EdgeFeature } from './edge-context.js';

/** One payment gateway per edge process (its token cache, breaker and sockets), shared by the features that pay, refund or register cards. */
const gateways = new WeakMap<EdgeContext, PortOneGateway>();
function gatewayOf(ctx: EdgeContext): PortOneGateway {
  let gateway = gateways.get(ctx);
  if (!gateway) gateways.set(ctx, (gateway = createPaymentGateway(ctx.config.payment)));
  return gateway;
}

export const edgeFeatures: EdgeFeature[] = [opsRoutes, authRoutes, saleRoutes, catalogRoutes, reservationRoutes, orderRoutes(gatewayOf),
  paymentMethodRoutes(gatewayOf), pushFeature, afterSaleRoutes(gatewayOf), reviewRoutes, settlementRoutes, buyerOrderRoutes, wishlistRoutes,
  addressRoutes,
  adminRoutes, docsViewerRoutes];
