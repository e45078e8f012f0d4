// The category tree: each category knows its parent and depth; GET answers the nested tree.
// A category that still has items or subcategories cannot be deleted.
import type pg from 'pg';
import { invalidateCatalogCache, type CatalogWriteContext } from './catalog-cache.js';
import { EngineError, VersionConflictError } from '../platform/errors.js';
import type { CategoryNode, CategoryUpdate, NewCategory } from './catalog-types.js';
import { isForeignKeyViolation } from '../platform/db/pg-errors.js';

interface CategoryRow {
  id: string;
  parent_id: string | null;
  name: string;
  depth: number;
  version: number;
}

function toNode(row: CategoryRow): CategoryNode {
  return { id: Number(row.id), parentId: row.parent_id === null ? null : Number(row.parent_id), name: row.name, depth: row.depth, version: row.version, children: [] };
}

export async function categoryTree(db: pg.Pool): Promise<CategoryNode[]> {
  const { rows } = await db.query<CategoryRow>('SELECT id, parent_id, name, depth, version FROM categories ORDER BY depth, id');
  const nodes = new Map<number, CategoryNode>();
  const roots: CategoryNode[] = [];
  for (const row of rows) {
    const node = toNode(row);
    nodes.set(node.id, node);
    // ordered by depth, so a parent is always placed before its children
    if (node.parentId === null) roots.push(node);
    else nodes.get(node.parentId)?.children.push(node);
  }
  return roots;
}

export async function categoryExists(db: pg.Pool | pg.PoolClient, id: number): Promise<boolean> {
  const found = await db.query('SELECT 1 FROM categories WHERE id = $1', [id]);
  return found.rowCount !== 0;
}

export async function createCategory({ db, redis, namespace }: CatalogWriteContext, input: NewCategory): Promise<CategoryNode> {
  const { rows } = await db.query<CategoryRow>(
    `INSERT INTO categories (parent_id, name, depth)
     SELECT $1::bigint, $2, coalesce((SELECT depth + 1 FROM categories WHERE id = $1::bigint), 0)
     WHERE $1::bigint IS NULL OR EXISTS (SELECT 1 FROM categories WHERE id = $1::bigint)
     RETURNING id, parent_id, name, depth, version`,
    [input.parentId ?? null, input.name],
  );
  if (rows.length === 0) throw new EngineError('INVALID_INPUT', `parent category ${input.parentId} does not exist`);
  await invalidateCatalogCache(redis, namespace);
  return toNode(rows[0]);
}

export async function updateCategory({ db, redis, namespace }: CatalogWriteContext, id: number, input: CategoryUpdate): Promise<CategoryNode> {
  const { rows } = await db.query<CategoryRow>(
    'UPDATE categories SET name = $3, version = version + 1 WHERE id = $1 AND version = $2 RETURNING id, parent_id, name, depth, version',
    [id, input.version, input.name],
  );
  if (rows.length > 0) {
    await invalidateCatalogCache(redis, namespace);
    return toNode(rows[0]);
  }
  const found = await db.query('SELECT 1 FROM categories WHERE id = $1', [id]);
  if (found.rowCount === 0) throw new EngineError('NOT_FOUND', `category ${id} not found`);
  throw new VersionConflictError('category', id);
}

export async function deleteCategory({ db, redis, namespace }: CatalogWriteContext, id: number): Promise<void> {
  // the foreign keys of items and subcategories refuse the delete atomically, even against a concurrent insert
  const deleted = await db.query('DELETE FROM categories WHERE id = $1', [id]).catch((err: unknown) => {
    if (isForeignKeyViolation(err)) throw new EngineError('CATEGORY_NOT_EMPTY', `category ${id} still has items or subcategories`);
    throw err;
  });
  if (deleted.rowCount === 0) throw new EngineError('NOT_FOUND', `category ${id} not found`);
  await invalidateCatalogCache(redis, namespace);
}
