// Settlement REST: a seller's month (lines and totals) for its members, and an on-demand run for admins
// (the scheduler runs the same job every SETTLEMENT_INTERVAL_MS).
import { EngineError } from '../../engine/platform/errors.js';
import { createSettlementLines } from '../../engine/settlement/settlement-lines.js';
import { settlementReport } from '../../engine/settlement/settlement-report.js';
import { queryInt, sellerOrAdmin } from '../after-sale/after-sale-guards.js';
import { authenticate } from '../http/authenticate.js';
import type { EdgeContext } from '../edge-context.js';
import { route } from '../http/http-errors.js';
import { decodeIdCursor } from '../../engine/platform/db/keyset-page.js';
import { pageLimit, withLegacyItems } from '../http/paging.js';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export function settlementRoutes(ctx: EdgeContext): void {
  const { server, db, verifier } = ctx;

  server.get('/api/v1/seller/settlements', route('seller_settlements', async (req, res) => {
    const principal = await sellerOrAdmin(ctx, req);
    const q = req.query_parameters;
    if (q.seller === undefined) throw new EngineError('INVALID_INPUT', 'seller is required (?seller=ID)');
    const sellerId = queryInt(q.seller, 'seller', 1, Number.MAX_SAFE_INTEGER);
    const period = String(q.period ?? '');
    if (!PERIOD.test(period)) throw new EngineError('INVALID_INPUT', 'period must be YYYY-MM');
    const cursor = q.cursor ? Number(decodeIdCursor(q.cursor)) : undefined;
    res.json(withLegacyItems(await settlementReport(db, principal, sellerId, period, pageLimit(q.limit), cursor), 'lines'));
  }));

  server.post('/api/v1/admin/settlements/run', route('run_settlement', async (req, res) => {
    await authenticate(verifier, req.headers.authorization ?? '', 'admin');
    res.json({ created: await createSettlementLines(db) });
  }));
}
