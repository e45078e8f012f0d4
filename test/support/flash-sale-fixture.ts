// A running engine (edge + worker, optionally scheduler) on a fresh namespace, with helpers to
// create sales, mint tokens and read the durable truth from Postgres.
import pg from 'pg';
import { mintAccessToken } from '../../engine/auth/dev-token-issuer.js';
import type { Role } from '../../engine/auth/roles.js';
import { ensureSigningKeys } from '../../engine/auth/signing-keys.js';
import { freePort, startRole, type RoleName, type RoleProcess } from './engine-processes.js';
import { waitFor } from './eventually.js';
import { bearer, HttpClient } from './http-client.js';
import { createTestNamespace, type TestNamespace } from './test-namespace.js';
import { createPool } from '../../engine/platform/db/pool.js';

export interface SaleOptions {
  stock: number;
  perUserLimit: number;
  startsAt?: Date;
  endsAt?: Date;
}

export class FlashSaleFixture {
  readonly roles = new Map<string, RoleProcess>();
  private adminToken = '';

  private constructor(
    readonly ns: TestNamespace,
    readonly http: HttpClient,
    readonly db: pg.Pool,
  ) {}

  static async start(roles: RoleName[], env: NodeJS.ProcessEnv = {}): Promise<FlashSaleFixture> {
    const port = await freePort();
    const ns = await createTestNamespace({ HTTP_PORT: String(port), ...env });
    await ensureSigningKeys(ns.config.dataDir);
    const fixture = new FlashSaleFixture(ns, new HttpClient(`http://127.0.0.1:${port}`), createPool(ns.config.databaseUrl, 2, ns.config.postgres, 'jobs'));
    for (const role of roles) await fixture.startRole(role);
    fixture.adminToken = await fixture.token(1, 'admin');
    return fixture;
  }

  /** `env` overrides the namespace's environment for this process only. */
  async startRole(role: RoleName, name: string = role, env: NodeJS.ProcessEnv = {}): Promise<RoleProcess> {
    const proc = await startRole(role, { ...this.ns.env, ...env });
    this.roles.set(name, proc);
    return proc;
  }

  token(userId: number, ...roles: Role[]): Promise<string> {
    return mintAccessToken(this.ns.config, { userId, roles });
  }

  /** The edge's /metrics text, read on its metrics port: start the fixture with METRICS_PORT_BASE (and EDGE_INDEX). */
  async metricsText(): Promise<string> {
    const { metricsPortBase, edgeIndex } = this.ns.config;
    if (metricsPortBase <= 0) throw new Error('metricsText(): start the fixture with METRICS_PORT_BASE');
    const client = new HttpClient(`http://127.0.0.1:${metricsPortBase + 100 + edgeIndex}`);
    try {
      return (await client.send('GET', '/metrics')).text;
    } finally {
      client.close();
    }
  }

  async createSale(options: SaleOptions): Promise<number> {
    const answer = await this.http.send('POST', '/api/v1/admin/sales', {
      headers: { ...bearer(this.adminToken), 'content-type': 'application/json' },
      body: JSON.stringify({
        sku: 'SKU-1',
        stock: options.stock,
        perUserLimit: options.perUserLimit,
        price: 20_000,
        salePrice: 10_000,
        startsAt: (options.startsAt ?? new Date(Date.now() - 60_000)).toISOString(),
        endsAt: (options.endsAt ?? new Date(Date.now() + 3_600_000)).toISOString(),
      }),
    });
    if (answer.status !== 201) throw new Error(`create sale: ${answer.status} ${answer.text}`);
    return answer.json().id;
  }

  attempt(saleId: number, token: string, idempotencyKey: string, quantity = 1) {
    return this.http.send('POST', `/api/v1/sales/${saleId}/attempts`, {
      headers: { ...bearer(token), 'idempotency-key': idempotencyKey, 'content-type': 'application/json' },
      body: JSON.stringify({ quantity }),
    });
  }

  async soldInPostgres(saleId: number): Promise<number> {
    const { rows } = await this.db.query<{ sold: number }>('SELECT sold FROM sales WHERE id = $1', [saleId]);
    return rows[0].sold;
  }

  /** Polls until Postgres has `units` sold for the sale (or fails after timeoutMs). */
  async waitForSold(saleId: number, units: number, timeoutMs = 30_000): Promise<void> {
    let sold = -1;
    await waitFor(async () => (sold = await this.soldInPostgres(saleId)) >= units, {
      timeoutMs,
      message: () => `${units} units of sale ${saleId} durable (${sold} are)`,
    });
  }

  async close(): Promise<void> {
    for (const proc of this.roles.values()) await proc.stop();
    this.http.close();
    await this.db.end();
    await this.ns.cleanup();
  }
}
