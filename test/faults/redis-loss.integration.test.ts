// Faults, part 3: Redis restarts empty (no persistence) while a flash sale, a reservation burst and an
// order burst run. Admission must refuse with a clear code until the counters are rebuilt from
// Postgres, then resume, and never oversell; afterwards the books are exact (fault-books.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats } from '../../engine/platform/messaging/nats-connection.js';
import { rebuildCounters } from '../../engine/reservation/counter-rebuild.js';
import { rebuildSaleCounters } from '../../engine/sale/sale-counter-rebuild.js';
import { errorCode } from '../support/auth-api.js';
import { waitFor } from '../support/eventually.js';
import type { HttpAnswer } from '../support/http-client.js';
import type { LoadTargets } from './fault-load.js';
import { FaultRig } from './fault-rig.js';
import { runFaultScenario } from './fault-scenario.js';

/** Sends until the edge answers something other than "Redis not reachable yet"; answers the code. */
function refusalCode(send: () => Promise<HttpAnswer>): Promise<string> {
  return waitFor(async () => {
    const answer = await send().catch(() => undefined);
    const code = answer && errorCode(answer);
    return answer && code !== 'UNAVAILABLE' ? code ?? `HTTP_${answer.status}` : undefined;
  }, { timeoutMs: 60_000, intervalMs: 100, message: 'an answer other than UNAVAILABLE' });
}

describe('faults - Redis data loss (integration, private Redis/NATS/Postgres)', () => {
  let rig: FaultRig;
  before(async () => {
    rig = await FaultRig.start();
  });
  after(async () => {
    await rig?.close();
  });

  /** What an operator runs after Redis lost its data: both rebuilds from Postgres. */
  async function rebuild(targets: LoadTargets): Promise<void> {
    const { config } = rig;
    const nc = await connectNats(config.nats);
    try {
      const deps = { db: rig.fx.db, redis: rig.fx.rx.redis, jsm: await jetstreamManager(nc) };
      const { namespace, partitions, idempotencyTtlSec } = config;
      await rebuildSaleCounters(deps, { namespace, partitions, saleId: targets.saleId, idempotencyTtlSec });
      await rebuildCounters(deps, { namespace, idempotencyTtlSec }, () => {});
    } finally {
      await nc.close();
    }
  }

  it('faults - Redis losing its data mid-load: refusals until the rebuild, then exact books', async () => {
    const result = await runFaultScenario(rig, {
      name: 'Redis restart (data lost)',
      inject: (rig) => rig.services.redis.restart({ kill: true }),
      async recover(rig, targets) {
        const token = await rig.sale.token(99_999, 'buyer');
        const probe = `probe-${Date.now()}`;
        assert.equal(await refusalCode(() => rig.sale.attempt(targets.saleId, token, probe)), 'SALE_UNAVAILABLE');
        assert.equal(await refusalCode(() => rig.fx.rx.reserve(token, [{ sku: targets.reservationSku, quantity: 1 }], probe)), 'INVENTORY_UNAVAILABLE');
        await new Promise((r) => setTimeout(r, 1_500)); // the load meets the refusals too
        await rebuild(targets);
      },
    });
    assert.ok((result.transient.sale.SALE_UNAVAILABLE ?? 0) > 0, 'sale clients were told to wait for the rebuild');
  });
});
