// The RBAC tables of migration 003 hold exactly the grants the edges enforce from code, and the
// database keeps buyer and seller roles on separate accounts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { permissions, rolePermissions } from '../../engine/auth/permissions.js';
import { roles } from '../../engine/auth/roles.js';
import { createTestNamespace, type TestNamespace } from '../support/test-namespace.js';
import { createPool } from '../../engine/platform/db/pool.js';

describe('rbac tables (integration, real Postgres)', () => {
  let ns: TestNamespace;
  let db: pg.Pool;
  before(async () => {
    ns = await createTestNamespace();
    db = createPool(ns.config.databaseUrl, 2, ns.config.postgres, 'jobs');
  });
  after(async () => {
    await db?.end();
    await ns?.cleanup();
  });

  it('auth - roles, permissions and role_permissions equal the map in engine/auth/permissions.ts', async () => {
    const roleRows = (await db.query<{ name: string }>('SELECT name FROM roles ORDER BY name')).rows.map((r) => r.name);
    assert.deepEqual(roleRows, [...roles].sort());
    const permissionRows = (await db.query<{ name: string }>('SELECT name FROM permissions ORDER BY name')).rows.map((r) => r.name);
    assert.deepEqual(permissionRows, [...permissions].sort());
    const { rows } = await db.query<{ role: string; permission: string }>(
      `SELECT r.name AS role, p.name AS permission FROM role_permissions rp
       JOIN roles r ON r.id = rp.role_id JOIN permissions p ON p.id = rp.permission_id ORDER BY 1, 2`,
    );
    const fromCode = Object.entries(rolePermissions).flatMap(([role, list]) => list.map((permission) => ({ role, permission })));
    const key = (g: { role: string; permission: string }) => `${g.role} ${g.permission}`;
    assert.deepEqual(rows.map(key), fromCode.map(key).sort());
  });

  it('auth - a buyer account cannot also hold the seller role (static separation of duty)', async () => {
    const { rows } = await db.query<{ id: string }>("INSERT INTO users (email, password_hash, name) VALUES ('sod@example.com', 'x', 'S') RETURNING id");
    const grant = (role: string) => db.query('INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE name = $2', [rows[0]!.id, role]);
    await grant('buyer');
    await assert.rejects(grant('seller'), /mutually exclusive/);
    await grant('admin'); // other combinations stay possible
  });
});
