// One fault scenario: fresh sale and SKUs, the three loads started, the fault injected a third of the
// way into the load, the recovery, then quiescence and exact books. Prints progress as it goes.
import assert from 'node:assert/strict';
import { assertBooks, waitForQuiet, type Stocks } from './fault-books.js';
import { resendAll, startLoad, transientCounts, type LoadKind, type LoadPlan, type LoadTargets } from './fault-load.js';
import type { FaultRig } from './fault-rig.js';

export interface Fault {
  name: string;
  /** breaks something while the load runs; returns when the fault is in place (or over, for a restart) */
  inject(rig: FaultRig, targets: LoadTargets): Promise<void>;
  /** brings the broken part back (restart a role, rebuild counters); runs right after inject */
  recover(rig: FaultRig, targets: LoadTargets): Promise<void>;
}

export interface ScenarioResult {
  sold: number;
  held: number;
  paid: number;
  transient: Record<LoadKind, Record<string, number>>;
}

const plan: LoadPlan = { clients: 60, spreadMs: 6_000, giveUpMs: 120_000 };
/** Less stock than clients: sold-out and insufficient-stock answers are part of every run. */
const stocks: Stocks = { sale: 50, reservation: 50, order: 50 };

let scenarios = 0;
const progress = (fault: string, message: string) => console.log(`[faults] ${fault}: ${message}`);

export async function runFaultScenario(rig: FaultRig, fault: Fault): Promise<ScenarioResult> {
  const started = Date.now();
  const saleId = await rig.sale.createSale({ stock: stocks.sale, perUserLimit: 1 });
  const reservationSku = (await rig.fx.rx.item([stocks.reservation])).skus[0].id;
  const orderSku = (await rig.fx.rx.item([stocks.order])).skus[0].id;
  const targets = { saleId, reservationSku, orderSku };
  const gatewayBefore = await rig.gatewayStats();
  const firstUser = 100_000 + 10_000 * scenarios++;
  const load = await startLoad(rig, targets, plan, firstUser, `f${process.pid}x${scenarios}`);
  progress(fault.name, `load started (${plan.clients} clients each for sale, reservations, orders)`);

  await new Promise((r) => setTimeout(r, plan.spreadMs / 3));
  progress(fault.name, 'injecting');
  await fault.inject(rig, targets);
  progress(fault.name, 'recovering');
  await fault.recover(rig, targets);
  await load.done;
  rig.assertAllAlive();
  progress(fault.name, `every client has its final answer after ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for quiet`);
  await waitForQuiet(rig, targets, load.records);
  // a client that reconnects after the fault asks again with its key: it must hear the same answer
  await resendAll(rig, targets, load.records, plan.giveUpMs);
  const books = await assertBooks(rig, targets, stocks, load.records, gatewayBefore);
  const transient = {
    sale: transientCounts(load.records.sale),
    reservation: transientCounts(load.records.reservation),
    order: transientCounts(load.records.order),
  };
  for (const kind of ['sale', 'reservation', 'order'] as const) {
    // a fault is answered with a code the client may retry (503, no answer), never as a bug (500)
    assert.deepEqual(Object.keys(transient[kind]).filter((code) => code === 'INTERNAL' || code === 'HTTP_500'), [], `${kind}: no 500 during ${fault.name}`);
  }
  progress(fault.name, `books exact in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify({ ...books, transient })}`);
  return { ...books, transient };
}
