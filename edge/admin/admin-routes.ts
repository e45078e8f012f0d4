// Administration routes (admin role only: 401 without a token, 403 for anyone else): seller approval and
// item review, parked orders and their release, user roles, policy versions, and the audit they leave.
import type HyperExpress from 'hyper-express';
import { decideItemReview, decideSeller } from '../../engine/admin/moderation.js';
import { releaseOrder } from '../../engine/admin/order-release.js';
import { publishPolicyVersion, setUserRoles } from '../../engine/admin/account-administration.js';
import { listAudit } from '../../engine/admin/admin-audit.js';
import type { Principal } from '../../engine/auth/principal.js';
import type { EditContext } from '../../engine/catalog/item-edit.js';
import { listParkedOrders } from '../../engine/orders/parked-orders.js';
import { inventoryCounters } from '../../engine/reservation/inventory-counters.js';
import { EngineError } from '../../engine/platform/errors.js';
import type { EdgeContext } from '../edge-context.js';
import { authenticate } from '../http/authenticate.js';
import { bodyText, positiveId, route } from '../http/http-errors.js';
import { cursorText, idPageQuery, pageLimit } from '../http/paging.js';
import { parseBody } from '../http/schemas.js';
import {
  validateItemReview, validateNewPolicyVersion, validateOrderRelease, validateSellerApproval, validateUserRoles,
} from './admin-schemas.js';

function optionalText(raw: unknown, name: string, max: number): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > max) throw new EngineError('INVALID_INPUT', `${name} must be a string of at most ${max} characters`);
  return raw;
}

export function adminRoutes(ctx: EdgeContext): void {
  const { config, server, db, redis, nc, verifier } = ctx;
  const edit: EditContext = { db, redis, namespace: config.namespace, lockTtlMs: config.catalog.editLockTtlMs, inventory: inventoryCounters(redis, config.namespace), imageDir: config.catalog.images.dir };
  const limit = config.http.restMaxBodyBytes;
  const body = async <T>(req: HyperExpress.Request, validate: Parameters<typeof parseBody<T>>[1]) => parseBody(await bodyText(req, limit), validate);
  const admin = (req: HyperExpress.Request): Promise<Principal> => authenticate(verifier, req.headers.authorization ?? '', 'admin');

  server.post('/api/v1/admin/sellers/:id/approval', route('admin_seller_approval', async (req, res) => {
    const principal = await admin(req);
    res.json(await decideSeller(db, principal, positiveId(req.path_parameters.id), await body(req, validateSellerApproval)));
  }));

  server.post('/api/v1/admin/items/:id/review', route('admin_item_review', async (req, res) => {
    const principal = await admin(req);
    res.json(await decideItemReview(edit, principal, positiveId(req.path_parameters.id), await body(req, validateItemReview)));
  }));

  server.get('/api/v1/admin/orders/parked', route('list_parked_orders', async (req, res) => {
    await admin(req);
    const query = req.query_parameters;
    res.json(await listParkedOrders(db, { cursor: cursorText(query, 'cursor'), limit: pageLimit(query.limit) }));
  }));

  server.post('/api/v1/admin/orders/:id/release', route('admin_order_release', async (req, res) => {
    const principal = await admin(req);
    const request = await body(req, validateOrderRelease);
    res.status(202).json(await releaseOrder({ db, nc, namespace: config.namespace }, principal, req.path_parameters.id ?? '', request));
  }));

  server.put('/api/v1/admin/users/:id/roles', route('admin_user_roles', async (req, res) => {
    const principal = await admin(req);
    res.json(await setUserRoles(db, principal, positiveId(req.path_parameters.id), await body(req, validateUserRoles)));
  }));

  server.post('/api/v1/admin/policies', route('admin_publish_policy', async (req, res) => {
    const principal = await admin(req);
    res.status(201).json(await publishPolicyVersion(db, principal, await body(req, validateNewPolicyVersion)));
  }));

  server.get('/api/v1/admin/audit', route('admin_audit', async (req, res) => {
    await admin(req);
    const query = req.query_parameters;
    res.json(await listAudit(db, { target: optionalText(query.target, 'target', 200), ...idPageQuery(query) }));
  }));
}
