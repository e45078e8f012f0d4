// Fulfilment routes: a seller member lists its sellers' order items (with the receivers to ship to) and
// ships some items of an order as one parcel with its tracking number; the buyer confirms the receipt of
// a delivered item, which makes it payable to the seller.
import { confirmReceipt } from '../../engine/orders/receipt-confirmation.js';
import { shipOrderItems } from '../../engine/orders/order-shipments.js';
import { listSellerOrderItems } from '../../engine/orders/seller-order-list.js';
import { authorize } from '../http/auth-permission.js';
import { authenticate } from '../http/authenticate.js';
import { bodyText, positiveId, route } from '../http/http-errors.js';
import { parseBody } from '../http/schemas.js';
import type { EdgeContext } from '../edge-context.js';
import { shipmentStatusFilter, validateNewShipment } from './order-schemas.js';
import { idPageQuery } from '../http/paging.js';

export function fulfilmentRoutes(ctx: EdgeContext): void {
  const { config, server, db, nc, verifier } = ctx;

  server.get('/api/v1/seller/orders', route('list_seller_orders', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '', 'seller');
    const query = req.query_parameters;
    res.json(await listSellerOrderItems(db, principal.userId, { status: shipmentStatusFilter(query.status), ...idPageQuery(query) }));
  }));

  server.post('/api/v1/seller/orders/:orderId/shipments', route('ship_order_items', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '', 'seller');
    const body = parseBody(await bodyText(req, config.http.restMaxBodyBytes), validateNewShipment);
    const { shipment, created } = await shipOrderItems(db, nc, config.namespace, principal.userId, req.path_parameters.orderId ?? '', body);
    res.status(created ? 201 : 200).json(shipment);
  }));

  server.post('/api/v1/orders/:id/items/:itemId/confirm-receipt', route('confirm_receipt', async (req, res) => {
    const principal = await authorize(verifier, req.headers.authorization ?? '', 'order:create');
    const orderItemId = positiveId(req.path_parameters.itemId);
    res.json(await confirmReceipt(db, principal.userId, req.path_parameters.id ?? '', orderItemId));
  }));
}
