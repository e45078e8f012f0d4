// The settlement job on the scheduler's pg-boss: a "stately" queue (one queued, one active), asked
// by a ticker every SETTLEMENT_INTERVAL_MS, like the reservation expiry. Each run makes the missing
// lines only (one per order item), so any number of runs and schedulers settle every item once.
import type PgBoss from 'pg-boss';
import type { EngineConfig } from '../config.js';
import { log } from '../log.js';
import { createSettlementLines } from './settlement-lines.js';
import { createPool } from '../db/pool.js';

export const settlementQueue = 'settlement';

export async function startSettlementJob(boss: PgBoss, config: EngineConfig): Promise<{ stop(): Promise<void> }> {
  const db = createPool(config.databaseUrl, 1);
  let ticker: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<unknown> | undefined;
  try {
    await boss.createQueue(settlementQueue, { name: settlementQueue, policy: 'stately' });
    // pg-boss 10 hands the handler an array of jobs; one run covers them all
    await boss.work(settlementQueue, async () => {
      if (stopped) return;
      const run = createSettlementLines(db);
      running = run;
      const created = await run.finally(() => (running = undefined));
      if (created > 0) log('info', 'settlement lines created', { created });
    });
    const { settlementIntervalMs } = config.afterSale;
    if (settlementIntervalMs > 0) {
      const request = () => {
        boss.send(settlementQueue, {}).catch((err: unknown) => log('warn', 'could not queue settlement', { err }));
      };
      request();
      ticker = setInterval(request, settlementIntervalMs);
    }
  } catch (err) {
    await db.end().catch(() => {});
    throw err;
  }
  return {
    /** Stops asking, waits for a run in progress, closes its pool (before pg-boss itself stops). */
    async stop() {
      stopped = true;
      clearInterval(ticker);
      await running?.catch(() => {});
      await db.end();
    },
  };
}
