// Every feature of the edge, registered in this order. A new feature adds one line here.
import { afterSaleRoutes } from './after-sale-routes.js';
import { authRoutes } from './auth-routes.js';
import { catalogRoutes } from './catalog-routes.js';
import type { EdgeFeature } from './edge-context.js';
import { opsRoutes } from './ops-routes.js';
import { orderRoutes } from './order-routes.js';
import { reservationRoutes } from './reservation-routes.js';
import { reviewRoutes } from './review-routes.js';
import { saleRoutes } from './sale-routes.js';
import { settlementRoutes } from './settlement-routes.js';
import { pushFeature } from './ws/push-feature.js';
import { createPaymentGateway } from '../engine/payment/portone-gateway.js';

export const edgeFeatures: EdgeFeature[] = [opsRoutes, authRoutes, saleRoutes, catalogRoutes, reservationRoutes, orderRoutes, pushFeature,
  afterSaleRoutes((ctx) => createPaymentGateway(ctx.config.payment)), reviewRoutes, settlementRoutes];
