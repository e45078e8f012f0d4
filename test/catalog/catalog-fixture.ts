// A running engine for catalog and reservation tests (on the flash-sale fixture's namespace and
// processes), with helpers for JSON requests and for setting up sellers, categories and items.
import type { Role } from '../../engine/auth/roles.js';
import type { ItemView, Lifecycle, NewItem } from '../../engine/catalog/catalog-types.js';
import { lifecycleStates } from '../../engine/catalog/lifecycle.js';
import type { RoleName } from '../support/engine-processes.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { bearer, type HttpAnswer } from '../support/http-client.js';

/** the user id of the fixture's admin decisions (a minted token: no account row is needed) */
const FIXTURE_ADMIN_ID = 1;

export class CatalogFixture {
  private constructor(readonly fx: FlashSaleFixture) {}

  static async start(roles: RoleName[], env: NodeJS.ProcessEnv = {}): Promise<CatalogFixture> {
    return new CatalogFixture(await FlashSaleFixture.start(roles, env));
  }

  get db() {
    return this.fx.db;
  }

  get config() {
    return this.fx.ns.config;
  }

  token(userId: number, ...roles: Role[]): Promise<string> {
    return this.fx.token(userId, ...roles);
  }

  send(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    return this.fx.http.send(method, path, {
      headers: { ...(token ? bearer(token) : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** Sends and insists on the status; answers the JSON body. */
  async expect(status: number, method: string, path: string, token?: string, body?: unknown) {
    const answer = await this.send(method, path, token, body);
    if (answer.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${answer.status} ${answer.text}`);
    return answer.text ? answer.json() : undefined;
  }

  /** A marketplace seller of the owner, approved by an admin (only then its items go on sale) unless `approved` is false. */
  async createSeller(ownerToken: string, name = 'Shop', { approved = true }: { approved?: boolean } = {}): Promise<number> {
    const seller = await this.expect(201, 'POST', '/api/v1/seller/sellers', ownerToken, {
      name,
      returnAddress: '1 Return Road, Seoul',
      returnFee: 3000,
      exchangeFee: 6000,
      deliveryProfiles: [{ shippingOrigin: 'Incheon', courier: 'CJ', method: 'PARCEL', fee: 2500, days: 2, remoteArea: false }],
    });
    if (approved) await this.expect(200, 'POST', `/api/v1/admin/sellers/${seller.id}/approval`, await this.adminToken(), { approved: true, reason: 'test seller' });
    return seller.id;
  }

  /** The admin the fixture acts as where an admin decides (seller approval, item review). */
  adminToken(): Promise<string> {
    return this.token(FIXTURE_ADMIN_ID, 'admin');
  }

  async createCategory(adminToken: string, name: string, parentId?: number): Promise<number> {
    return (await this.expect(201, 'POST', '/api/v1/admin/categories', adminToken, { name, ...(parentId ? { parentId } : {}) })).id;
  }

  async createItem(sellerToken: string, item: Partial<NewItem> & Pick<NewItem, 'sellerId' | 'categoryId'>): Promise<ItemView> {
    return this.expect(201, 'POST', '/api/v1/seller/items', sellerToken, {
      name: 'Item',
      productType: 'REALTIME',
      basePrice: 10_000,
      skus: [{ stock: 10 }],
      ...item,
    });
  }

  /** Walks an item forward through the lifecycle up to `target`; an admin passes its review (REVIEW -> PREPARATION). */
  async advanceTo(sellerToken: string, item: ItemView, target: Lifecycle): Promise<ItemView> {
    let current = item;
    for (const to of lifecycleStates.slice(lifecycleStates.indexOf(current.lifecycle) + 1, lifecycleStates.indexOf(target) + 1)) {
      current = to === 'PREPARATION'
        ? await this.expect(200, 'POST', `/api/v1/admin/items/${current.id}/review`, await this.adminToken(), { approved: true, reason: 'test review', version: current.version })
        : await this.expect(200, 'POST', `/api/v1/seller/items/${current.id}/lifecycle`, sellerToken, { to, version: current.version });
    }
    return current;
  }

  async close(): Promise<void> {
    await this.fx.close();
  }
}
