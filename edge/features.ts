// Every feature of the edge, registered in this order. A new feature adds one line here.
import type { EdgeFeature } from './edge-context.js';
import { opsRoutes } from './ops-routes.js';
import { saleRoutes } from './sale-routes.js';

export const edgeFeatures: EdgeFeature[] = [opsRoutes, saleRoutes];
