// Catalog REST: sellers, categories (admin), seller item CRUD with versions, locks and lifecycle,
// and (in catalog-public-routes.ts) the cached public reads. The engine's writes invalidate the read cache.
import { inventoryCounters } from '../../engine/reservation/inventory-counters.js';
import type HyperExpress from 'hyper-express';
import type { Principal } from '../../engine/auth/principal.js';
import { CatalogCache } from '../../engine/catalog/catalog-cache.js';
import { createCategory, deleteCategory, updateCategory } from '../../engine/catalog/category-store.js';
import { createItem } from '../../engine/catalog/item-create.js';
import { deleteItem, lockItem, transitionItem, unlockItem, updateItem, type EditContext } from '../../engine/catalog/item-edit.js';
import { listSellerItems } from '../../engine/catalog/item-listing.js';
import { readSellerItem } from '../../engine/catalog/item-view.js';
import { addSellerMember, createSeller, getSeller } from '../../engine/catalog/seller-store.js';
import { updateSku } from '../../engine/catalog/sku-edit.js';
import { EngineError } from '../../engine/platform/errors.js';
import { authenticate } from '../http/authenticate.js';
import { registerCatalogPublicRoutes } from './catalog-public-routes.js';
import { itemImageRoutes } from './item-image-routes.js';
import {
  validateCategoryUpdate,
  validateItemUpdate,
  validateMember,
  validateNewCategory,
  validateNewItem,
  validateNewSeller,
  validateSkuUpdate,
  validateTransition,
} from './catalog-schemas.js';
import type { EdgeContext } from '../edge-context.js';
import { bodyText, positiveId, route } from '../http/http-errors.js';
import { parseBody } from '../http/schemas.js';
import { pagingParams } from './catalog-public-routes.js';

export function catalogRoutes(ctx: EdgeContext): void {
  const { config, server, db, redis, verifier } = ctx;
  const cache = new CatalogCache(redis, config.namespace, config.catalog.cacheTtlSec, config.catalog.lruEntries);
  const edit: EditContext = { db, redis, namespace: config.namespace, lockTtlMs: config.catalog.editLockTtlMs, inventory: inventoryCounters(redis, config.namespace), imageDir: config.catalog.images.dir };
  const limit = config.http.restMaxBodyBytes;
  const auth = (header: string | undefined, role: 'seller' | 'admin') => authenticate(verifier, header ?? '', role);

  registerCatalogPublicRoutes(ctx, { db, cache, lockTtlMs: edit.lockTtlMs });
  itemImageRoutes(ctx, { db, redis, namespace: config.namespace, lockTtlMs: edit.lockTtlMs, images: config.catalog.images });

  // --- sellers: the registering account is the first member; members may add colleagues
  server.post('/api/v1/seller/sellers', route('create_seller', async (req, res) => {
    const principal = await auth(req.headers.authorization, 'seller');
    res.status(201).json(await createSeller(db, principal, parseBody(await bodyText(req, limit), validateNewSeller)));
  }));

  server.post('/api/v1/seller/sellers/:id/members', route('add_seller_member', async (req, res) => {
    const principal = await auth(req.headers.authorization, 'seller');
    const { userId } = parseBody(await bodyText(req, limit), validateMember);
    await addSellerMember(db, positiveId(req.path_parameters.id), principal, userId);
    res.status(204).send();
  }));

  server.get('/api/v1/sellers/:id', route('get_seller', async (req, res) => {
    res.json(await getSeller(db, positiveId(req.path_parameters.id)));
  }));

  // --- categories (admin)
  server.post('/api/v1/admin/categories', route('create_category', async (req, res) => {
    await auth(req.headers.authorization, 'admin');
    res.status(201).json(await createCategory(edit, parseBody(await bodyText(req, limit), validateNewCategory)));
  }));

  server.patch('/api/v1/admin/categories/:id', route('update_category', async (req, res) => {
    await auth(req.headers.authorization, 'admin');
    res.json(await updateCategory(edit, positiveId(req.path_parameters.id), parseBody(await bodyText(req, limit), validateCategoryUpdate)));
  }));

  server.delete('/api/v1/admin/categories/:id', route('delete_category', async (req, res) => {
    await auth(req.headers.authorization, 'admin');
    await deleteCategory(edit, positiveId(req.path_parameters.id));
    res.status(204).send();
  }));

  // --- seller items: any member of the item's seller (or an admin) may edit it
  server.post('/api/v1/seller/items', route('create_item', async (req, res) => {
    const principal = await auth(req.headers.authorization, 'seller');
    res.status(201).json(await createItem(edit, principal, parseBody(await bodyText(req, limit), validateNewItem)));
  }));

  server.get('/api/v1/seller/items', route('seller_items', async (req, res) => {
    const principal = await auth(req.headers.authorization, 'seller');
    const sellerId = positiveId(String(req.query_parameters.seller ?? ''));
    const { page, size } = pagingParams(req.query_parameters, 50, Number.POSITIVE_INFINITY); // a seller reads all its own items
    res.json(await listSellerItems(db, principal, sellerId, page, size));
  }));

  server.get('/api/v1/seller/items/:id', route('seller_item', async (req, res) => {
    const principal = await auth(req.headers.authorization, 'seller');
    res.json(await readSellerItem(db, principal, positiveId(req.path_parameters.id), edit.lockTtlMs));
  }));

  const writeRoute = (name: string, work: (req: HyperExpress.Request, principal: Principal, id: number) => Promise<unknown>) =>
    route(name, async (req, res) => {
      const principal = await auth(req.headers.authorization, 'seller');
      const result = await work(req, principal, positiveId(req.path_parameters.id));
      if (result === undefined) res.status(204).send();
      else res.json(result);
    });

  server.patch('/api/v1/seller/items/:id', writeRoute('update_item', async (req, principal, id) =>
    updateItem(edit, principal, id, parseBody(await bodyText(req, limit), validateItemUpdate))));

  // DELETE carries the version it read in the query (?version=N): DELETE bodies are not portable
  server.delete('/api/v1/seller/items/:id', writeRoute('delete_item', async (req, principal, id) => {
    const version = String(req.query_parameters.version ?? '');
    if (!/^\d{1,9}$/.test(version)) throw new EngineError('INVALID_INPUT', 'the version you read is required as ?version=N');
    await deleteItem(edit, principal, id, Number(version));
    return undefined;
  }));

  server.post('/api/v1/seller/items/:id/lifecycle', writeRoute('item_lifecycle', async (req, principal, id) => {
    const { to, version } = parseBody(await bodyText(req, limit), validateTransition);
    return transitionItem(edit, principal, id, to, version);
  }));

  server.post('/api/v1/seller/items/:id/lock', writeRoute('lock_item', async (_req, principal, id) => lockItem(edit, principal, id)));
  server.delete('/api/v1/seller/items/:id/lock', writeRoute('unlock_item', async (_req, principal, id) => unlockItem(edit, principal, id)));

  server.patch('/api/v1/seller/skus/:id', writeRoute('update_sku', async (req, principal, id) =>
    updateSku(edit, principal, id, parseBody(await bodyText(req, limit), validateSkuUpdate))));
}
