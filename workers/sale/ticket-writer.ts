// Applies a batch of admitted tickets to Postgres in one transaction: insert the ticket rows (the
// primary key makes a redelivered ticket a no-op), each new ticket's marketplace order (AWAITING_PAYMENT
// until the payment window closes) and add the new units to the sale row with a version-checked update. A batch that violates a constraint is split to find the poison tickets.
import type { Span } from '@opentelemetry/api';
import type pg from 'pg';
import { EngineError, VersionConflictError, isVersionConflict } from '../../engine/platform/errors.js';
import { log } from '../../engine/platform/log.js';
import { versionConflicts } from '../../engine/platform/metrics.js';
import { isDataOrIntegrityError } from '../../engine/platform/db/pg-errors.js';
import { addSoldUnits, saleWriteState } from '../../engine/sale/sale-store.js';
import { insertTicketRows } from '../../engine/sale/ticket-rows.js';
import { ticketTimeMs } from '../../engine/sale/ticket-id.js';
import { insertSaleOrders, type SaleOrder } from '../../engine/orders/order-rows.js';
import { withSpan } from '../../engine/platform/tracing.js';
import { abandonTransaction } from '../../engine/platform/db/transaction.js';
import type { TicketRecord } from '../../engine/sale/sale-wire-types.js';

export interface AppliedBatch {
  /** tickets whose order row this batch created (not the ones already there) */
  inserted: TicketRecord[];
  /** tickets that can never be applied (e.g. their sale does not exist) */
  failed: TicketRecord[];
}

interface SaleState {
  version: number;
  unitPrice: number;
}

const MAX_CONFLICT_RETRIES = 5;

/** Constraint and data errors fail the same way on every retry. */
function isPermanent(err: unknown): boolean {
  return (err instanceof EngineError && err.code === 'NOT_FOUND') || isDataOrIntegrityError(err);
}

/**
 * The batch's tickets by sale, each ticket once. After a worker crash one ticket can arrive twice in a
 * batch (its redelivered message and the sweeper's republish); counted twice, it added a unit to
 * `sold` that no row backs, and a later ticket of a sold-out sale then failed the stock CHECK.
 */
function groupBySale(tickets: TicketRecord[]): Map<number, TicketRecord[]> {
  const groups = new Map<number, TicketRecord[]>();
  const seen = new Set<string>();
  for (const ticket of tickets) {
    if (seen.has(ticket[1])) continue;
    seen.add(ticket[1]);
    const group = groups.get(ticket[0]);
    if (group) group.push(ticket);
    else groups.set(ticket[0], [ticket]);
  }
  return groups;
}

export class OrderWriter {
  /** Last known version per sale: this actor is normally the only writer, so the first try usually hits. */
  private readonly sales = new Map<number, SaleState>();

  constructor(
    private readonly db: pg.Pool,
    /** how long an admitted buyer has to pay (SALE_PAYMENT_WINDOW_SEC), from the admission */
    private readonly paymentWindowMs: number,
  ) {}

  /** `parent`: the span the SQL spans belong to, when the batch carries a sampled trace. */
  async apply(tickets: TicketRecord[], parent?: Span): Promise<AppliedBatch> {
    try {
      return { inserted: await this.applyWithRetries(tickets, parent), failed: [] };
    } catch (err) {
      if (!isPermanent(err)) throw err;
      if (tickets.length === 1) {
        // its buyer was told ADMITTED: a ticket given up on must leave a trace
        log('error', 'ticket can never be applied; marked FAILED', { saleId: tickets[0][0], ticketId: tickets[0][1], err });
        return { inserted: [], failed: tickets };
      }
    }
    const result: AppliedBatch = { inserted: [], failed: [] };
    for (const ticket of tickets) {
      const one = await this.apply([ticket], parent);
      result.inserted.push(...one.inserted);
      result.failed.push(...one.failed);
    }
    return result;
  }

  private async applyWithRetries(tickets: TicketRecord[], parent: Span | undefined): Promise<TicketRecord[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.applyOnce(tickets, parent);
      } catch (err) {
        if (!isVersionConflict(err) || attempt >= MAX_CONFLICT_RETRIES) throw err;
        versionConflicts.labels('sale').inc();
      }
    }
  }

  private async applyOnce(tickets: TicketRecord[], parent: Span | undefined): Promise<TicketRecord[]> {
    const client = await this.db.connect();
    const newVersions = new Map<number, number>();
    try {
      await client.query('BEGIN');
      const inserted: TicketRecord[] = [];
      for (const [saleId, group] of groupBySale(tickets)) {
        const sale = await this.saleState(client, saleId);
        const ids = await withSpan('pg INSERT orders', parent, () => insertTicketRows(client, saleId, sale.unitPrice, group));
        if (ids.size === 0) continue;
        const fresh = group.filter((t) => ids.has(t[1]));
        const units = fresh.reduce((sum, t) => sum + t[3], 0);
        const added = await withSpan('pg UPDATE sales', parent, () => addSoldUnits(client, saleId, sale.version, units));
        if (!added) {
          this.sales.delete(saleId);
          throw new VersionConflictError('sale', saleId);
        }
        newVersions.set(saleId, sale.version + 1);
        await withSpan('pg INSERT shop_orders', parent, () => insertSaleOrders(client, fresh.map((t) => this.saleOrder(saleId, sale.unitPrice, t))));
        inserted.push(...fresh);
      }
      await withSpan('pg COMMIT', parent, () => client.query('COMMIT'));
      for (const [saleId, version] of newVersions) this.sales.get(saleId)!.version = version;
      client.release();
      return inserted;
    } catch (err) {
      await abandonTransaction(client, err);
      throw err;
    }
  }

  private saleOrder(saleId: number, unitPrice: number, [, id, userId, quantity]: TicketRecord): SaleOrder {
    return { id, userId, saleId, quantity, unitPrice, payByMs: ticketTimeMs(id) + this.paymentWindowMs };
  }

  private async saleState(client: pg.PoolClient, saleId: number): Promise<SaleState> {
    const cached = this.sales.get(saleId);
    if (cached) return cached;
    const state = await saleWriteState(client, saleId);
    if (!state) throw new EngineError('NOT_FOUND', `sale ${saleId} not found`);
    this.sales.set(saleId, state);
    return state;
  }
}
