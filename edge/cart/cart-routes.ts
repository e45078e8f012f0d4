// Cart routes. A member (Bearer token) uses the cart of their user id; a guest uses the cart of the
// opaque token in X-Cart-Token (a first add without one creates it and answers it in X-Cart-Token).
// POST /api/v1/cart/merge moves a guest cart into the signed-in member's cart; a login carrying
// X-Cart-Token does the same (CartStore.mergeAtLogin, called by the login route).
import type HyperExpress from 'hyper-express';
import { isGuestToken, newGuestToken, type CartOwner, type CartStore } from '../../engine/cart/cart-store.js';
import { EngineError } from '../../engine/platform/errors.js';
import { authenticate } from '../http/authenticate.js';
import type { EdgeContext } from '../edge-context.js';
import { bodyText, positiveId, route } from '../http/http-errors.js';
import { parseBody } from '../http/schemas.js';
import { validateCartAdd, validateCartQuantity } from './cart-schemas.js';

function guestToken(req: HyperExpress.Request): string | undefined {
  const token = req.headers['x-cart-token'];
  if (token === undefined || token === '') return undefined;
  if (!isGuestToken(token)) throw new EngineError('INVALID_INPUT', 'X-Cart-Token is malformed');
  return token;
}

export function cartRoutes(ctx: EdgeContext, carts: CartStore): void {
  const { config, server, verifier } = ctx;
  const limit = config.http.restMaxBodyBytes;

  /** The member if signed in, else the guest token (a new one when `create`). */
  async function owner(req: HyperExpress.Request, res: HyperExpress.Response, create: boolean): Promise<CartOwner | undefined> {
    if (req.headers.authorization) return { userId: (await authenticate(verifier, req.headers.authorization)).userId };
    const token = guestToken(req) ?? (create ? newGuestToken() : undefined);
    if (token) res.header('X-Cart-Token', token, true);
    return token ? { guestToken: token } : undefined;
  }

  server.get('/api/v1/cart', route('get_cart', async (req, res) => {
    const who = await owner(req, res, false);
    res.json(who ? await carts.view(who) : { items: [], total: 0 });
  }));

  server.delete('/api/v1/cart', route('clear_cart', async (req, res) => {
    const who = await owner(req, res, false);
    if (who) await carts.clear(who);
    res.json({ items: [], total: 0 });
  }));

  server.post('/api/v1/cart/items', route('add_cart_item', async (req, res) => {
    const body = parseBody(await bodyText(req, limit), validateCartAdd);
    const who = (await owner(req, res, true))!;
    res.json(await carts.add(who, body.sku, body.quantity));
  }));

  server.patch('/api/v1/cart/items/:itemId', route('set_cart_item', async (req, res) => {
    const skuId = positiveId(req.path_parameters.itemId);
    const body = parseBody(await bodyText(req, limit), validateCartQuantity);
    const who = await owner(req, res, false);
    if (!who) throw new EngineError('NOT_FOUND', 'no such item in the cart');
    res.json(await carts.setQuantity(who, skuId, body.quantity));
  }));

  server.delete('/api/v1/cart/items/:itemId', route('remove_cart_item', async (req, res) => {
    const skuId = positiveId(req.path_parameters.itemId);
    const who = await owner(req, res, false);
    if (!who) throw new EngineError('NOT_FOUND', 'no such item in the cart');
    res.json(await carts.remove(who, skuId));
  }));

  server.post('/api/v1/cart/merge', route('merge_cart', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '');
    const token = guestToken(req);
    if (!token) throw new EngineError('CART_TOKEN_REQUIRED', 'X-Cart-Token of the guest cart is required');
    res.json(await carts.merge(principal.userId, token));
  }));
}
