// The buyer's wishlist: list (keyset-paged), add an item (idempotent PUT: 201 when added, 200 when it
// was there), remove it (204). An item the public cannot see answers 404.
import { addToWishlist, listWishlist, removeFromWishlist } from '../../engine/catalog/wishlist.js';
import { authenticate } from '../http/authenticate.js';
import type { EdgeContext } from '../edge-context.js';
import { positiveId, route } from '../http/http-errors.js';
import { idPageQuery } from '../http/paging.js';

export function wishlistRoutes(ctx: EdgeContext): void {
  const { server, db, verifier } = ctx;
  const cap = ctx.config.catalog.wishlistMaxItems;
  const buyer = (authorization: string | undefined) => authenticate(verifier, authorization ?? '', 'buyer');

  server.get('/api/v1/wishlist', route('list_wishlist', async (req, res) => {
    const principal = await buyer(req.headers.authorization);
    const { limit, before } = idPageQuery(req.query_parameters);
    res.json(await listWishlist(db, principal.userId, limit, before));
  }));

  server.put('/api/v1/wishlist/:itemId', route('add_to_wishlist', async (req, res) => {
    const principal = await buyer(req.headers.authorization);
    const { entry, created } = await addToWishlist(db, principal.userId, positiveId(req.path_parameters.itemId), cap);
    res.status(created ? 201 : 200).json(entry);
  }));

  server.delete('/api/v1/wishlist/:itemId', route('remove_from_wishlist', async (req, res) => {
    const principal = await buyer(req.headers.authorization);
    await removeFromWishlist(db, principal.userId, positiveId(req.path_parameters.itemId));
    res.status(204).send();
  }));
}
