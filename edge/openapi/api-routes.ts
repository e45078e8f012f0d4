// Every documented route of the edge, by domain. A new route is documented by adding it to its domain's list.
import { afterSaleApi } from './after-sale-api.js';
import { authApi } from './auth-api.js';
import { catalogApi } from './catalog-api.js';
import { chatApi } from './chat-api.js';
import { ordersApi } from './orders-api.js';
import { reservationApi } from './reservation-api.js';
import type { RouteDoc } from './route-doc.js';
import { opsApi, saleApi } from './sale-api.js';

export const apiRoutes: RouteDoc[] = [...opsApi, ...authApi, ...saleApi, ...catalogApi, ...reservationApi, ...ordersApi, ...chatApi, ...afterSaleApi];
