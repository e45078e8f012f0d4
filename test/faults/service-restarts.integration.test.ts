// Faults, part 2: the backing services go away while a flash sale, a reservation burst and an order
// burst run: Postgres is down for 20 s, then NATS restarts (its JetStream store survives). In this order
// the NATS restart also needs pg-boss to have come back: the reservation outbox sweep is a pg-boss job.
// After recovery the books are exact (test/faults/fault-books.ts).
import { after, before, describe, it } from 'node:test';
import { FaultRig } from './fault-rig.js';
import { runFaultScenario } from './fault-scenario.js';

describe('faults - service restarts (integration, private Redis/NATS/Postgres)', () => {
  let rig: FaultRig;
  before(async () => {
    rig = await FaultRig.start();
  });
  after(async () => {
    await rig?.close();
  });

  it('faults - Postgres down for 20 s mid-load loses and doubles nothing', async () => {
    await runFaultScenario(rig, {
      name: 'Postgres down 20 s',
      inject: (rig) => rig.services.postgres.stop().then(() => new Promise((r) => setTimeout(r, 20_000))),
      recover: (rig) => rig.services.postgres.start(),
    });
  });

  it('faults - NATS restarting mid-load loses and doubles nothing', async () => {
    await runFaultScenario(rig, {
      name: 'NATS restart',
      inject: (rig) => rig.services.nats.stop().then(() => new Promise((r) => setTimeout(r, 2_000))),
      recover: (rig) => rig.services.nats.start(),
    });
  });
});
