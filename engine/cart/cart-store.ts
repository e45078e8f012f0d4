// Carts: a member's cart is keyed by user id, a guest's by an opaque token of which only the SHA-256
// is stored. A guest cart merges into the member's cart (quantities add up, capped per SKU).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import { log } from '../platform/log.js';
import { lookupSkus } from '../catalog/sku-rows.js';

/** Who owns a cart: a signed-in member or the holder of a guest token. */
export type CartOwner = { userId: number } | { guestToken: string };

export interface CartLine {
  itemId: number;
  sku: number;
  name: string;
  unitPrice: number;
  quantity: number;
}

export interface CartView {
  items: CartLine[];
  total: number;
}

export function newGuestToken(): string {
  return randomBytes(24).toString('base64url');
}

const GUEST_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/** Whether a presented guest token has the shape newGuestToken gives (with room to spare). */
export function isGuestToken(token: string): boolean {
  return GUEST_TOKEN.test(token);
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function ownerWhere(owner: CartOwner): [string, unknown] {
  return 'userId' in owner ? ['user_id = $1', owner.userId] : ['guest_token_hash = $1', tokenHash(owner.guestToken)];
}

async function findCartId(db: pg.Pool | pg.PoolClient, owner: CartOwner): Promise<string | undefined> {
  const [where, value] = ownerWhere(owner);
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM carts WHERE ${where}`, [value]);
  return rows[0]?.id;
}

async function ensureCartId(client: pg.PoolClient, owner: CartOwner): Promise<string> {
  const column = 'userId' in owner ? 'user_id' : 'guest_token_hash';
  const value = 'userId' in owner ? owner.userId : tokenHash(owner.guestToken);
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO carts (id, ${column}) VALUES ($1, $2)
     ON CONFLICT (${column}) DO UPDATE SET updated_at = now() RETURNING id`,
    [randomUUID(), value],
  );
  return rows[0].id;
}

export class CartStore {
  constructor(
    private readonly db: pg.Pool,
    private readonly maxQuantityPerSku: number,
  ) {}

  async view(owner: CartOwner): Promise<CartView> {
    const cartId = await findCartId(this.db, owner);
    if (!cartId) return { items: [], total: 0 };
    const { rows } = await this.db.query<{ sku_id: string; quantity: number }>(
      'SELECT sku_id, quantity FROM cart_items WHERE cart_id = $1 ORDER BY added_at, sku_id',
      [cartId],
    );
    const skus = await lookupSkus(this.db, rows.map((r) => Number(r.sku_id)));
    const items = rows.map((r): CartLine => {
      const sku = skus.get(Number(r.sku_id))!;
      return { itemId: sku.skuId, sku: sku.skuId, name: sku.name, unitPrice: sku.unitPrice, quantity: r.quantity };
    });
    return { items, total: items.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0) };
  }

  /** Adds units of a SKU (to what is already there). */
  async add(owner: CartOwner, skuId: number, quantity: number): Promise<CartView> {
    const known = await lookupSkus(this.db, [skuId]);
    if (!known.has(skuId)) throw new EngineError('UNKNOWN_SKU', `sku ${skuId} does not exist`);
    await inTransaction(this.db, async (client) => {
      const cartId = await ensureCartId(client, owner);
      const { rows } = await client.query<{ quantity: number }>(
        `INSERT INTO cart_items (cart_id, sku_id, quantity) VALUES ($1, $2, $3)
         ON CONFLICT (cart_id, sku_id) DO UPDATE SET quantity = cart_items.quantity + EXCLUDED.quantity RETURNING quantity`,
        [cartId, skuId, quantity],
      );
      this.checkQuantity(rows[0].quantity);
    });
    return this.view(owner);
  }

  async setQuantity(owner: CartOwner, skuId: number, quantity: number): Promise<CartView> {
    this.checkQuantity(quantity);
    const cartId = await findCartId(this.db, owner);
    const updated = cartId
      ? await this.db.query('UPDATE cart_items SET quantity = $3 WHERE cart_id = $1 AND sku_id = $2', [cartId, skuId, quantity])
      : undefined;
    if (!updated?.rowCount) throw new EngineError('NOT_FOUND', 'no such item in the cart');
    return this.view(owner);
  }

  async remove(owner: CartOwner, skuId: number): Promise<CartView> {
    const cartId = await findCartId(this.db, owner);
    const deleted = cartId ? await this.db.query('DELETE FROM cart_items WHERE cart_id = $1 AND sku_id = $2', [cartId, skuId]) : undefined;
    if (!deleted?.rowCount) throw new EngineError('NOT_FOUND', 'no such item in the cart');
    return this.view(owner);
  }

  async clear(owner: CartOwner, client: pg.Pool | pg.PoolClient = this.db): Promise<void> {
    const [where, value] = ownerWhere(owner);
    await client.query(`DELETE FROM cart_items WHERE cart_id = (SELECT id FROM carts WHERE ${where})`, [value]);
  }

  /** Moves a guest cart into the member's cart (quantities add, capped per SKU) and deletes the guest cart. */
  async merge(userId: number, guestToken: string): Promise<CartView> {
    await inTransaction(this.db, async (client) => {
      const guestId = await findCartId(client, { guestToken });
      if (!guestId) return;
      const memberId = await ensureCartId(client, { userId });
      await client.query(
        `INSERT INTO cart_items (cart_id, sku_id, quantity)
         SELECT $2, sku_id, least(quantity, $3) FROM cart_items WHERE cart_id = $1
         ON CONFLICT (cart_id, sku_id) DO UPDATE SET quantity = least(cart_items.quantity + EXCLUDED.quantity, $3)`,
        [guestId, memberId, this.maxQuantityPerSku],
      );
      await client.query('DELETE FROM carts WHERE id = $1', [guestId]);
    });
    return this.view({ userId });
  }

  /** The merge a login does with the guest token it carried, if any: a login must not fail because of its cart, so a failure is only logged. */
  async mergeAtLogin(userId: number, guestToken: string | undefined): Promise<void> {
    if (guestToken === undefined || guestToken === '') return;
    try {
      if (!isGuestToken(guestToken)) throw new EngineError('INVALID_INPUT', 'the guest cart token is malformed');
      await this.merge(userId, guestToken);
    } catch (err) {
      log('warn', 'guest cart merge at login failed; the login goes on', { userId, err });
    }
  }

  private checkQuantity(quantity: number): void {
    if (quantity > this.maxQuantityPerSku) {
      throw new EngineError('QUANTITY_OVER_LIMIT', `at most ${this.maxQuantityPerSku} units of one SKU per order`);
    }
  }
}
