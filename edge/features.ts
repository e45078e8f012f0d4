// Every feature of the edge, registered in this order. A new feature adds one line here.
import { authRoutes } from './auth-routes.js';
import { catalogRoutes } from './catalog-routes.js';
import type { EdgeFeature } from './edge-context.js';
import { opsRoutes } from './ops-routes.js';
import { reservationRoutes } from './reservation-routes.js';
import { saleRoutes } from './sale-routes.js';
import { pushFeature } from './ws/push-feature.js';

export const edgeFeatures: EdgeFeature[] = [opsRoutes, authRoutes, saleRoutes, catalogRoutes, reservationRoutes, pushFeature];
