// Every documented route of the edge, by domain. A new route is documented by adding it to its domain's list.
import { afterSaleApi } from '../after-sale/after-sale-api.js';
import { authApi } from '../auth/auth-api.js';
import { cartApi } from '../cart/cart-api.js';
import { catalogApi, categorySchema } from '../catalog/catalog-api.js';
import { chatApi } from '../chat/chat-api.js';
import { ordersApi } from '../orders/orders-api.js';
import { buyerOrderApi } from '../orders/buyer-order-api.js';
import { wishlistApi } from '../catalog/wishlist-api.js';
import { addressApi } from '../addresses/address-api.js';
import { adminApi } from '../admin/admin-api.js';
import { paymentMethodApi } from '../payment/payment-method-api.js';
import { pushApi } from '../push/push-api.js';
import { reservationApi } from '../reservation/reservation-api.js';
import { docsApi } from './docs-api.js';
import type { JsonSchema, RouteDoc } from './route-doc.js';
import { opsApi, saleApi } from '../sale/sale-api.js';

export const apiRoutes: RouteDoc[] = [...opsApi, ...authApi, ...saleApi, ...catalogApi, ...reservationApi, ...cartApi, ...ordersApi, ...buyerOrderApi, ...paymentMethodApi, ...chatApi, ...pushApi, ...afterSaleApi, ...wishlistApi, ...docsApi,
  ...addressApi,
  ...adminApi];

/** Named schemas that route schemas reference as `#/components/schemas/<name>` (recursive shapes). */
export const apiSchemas: Record<string, JsonSchema> = { Category: categorySchema };
