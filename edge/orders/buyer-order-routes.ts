// The buyer's pages of their own orders: the receipt of a paid order and hiding a final order from
// their list. Someone else's order answers as a missing one.
import { orderReceipt } from '../../engine/after-sale/order-receipt.js';
import { hideFinalOrder } from '../../engine/orders/order-history.js';
import { authorize } from '../http/auth-permission.js';
import type { EdgeContext } from '../edge-context.js';
import { route } from '../http/http-errors.js';

export function buyerOrderRoutes(ctx: EdgeContext): void {
  const { server, db, verifier } = ctx;

  server.get('/api/v1/orders/:id/receipt', route('order_receipt', async (req, res) => {
    const principal = await authorize(verifier, req.headers.authorization ?? '', 'order:read:own');
    res.json(await orderReceipt(db, req.path_parameters.id ?? '', principal.userId));
  }));

  server.delete('/api/v1/orders/:id/history', route('hide_order', async (req, res) => {
    const principal = await authorize(verifier, req.headers.authorization ?? '', 'order:read:own');
    await hideFinalOrder(db, req.path_parameters.id ?? '', principal.userId);
    res.status(204).send();
  }));
}
