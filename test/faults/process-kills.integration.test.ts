// Faults, part 1: kill -9 of each engine role in turn while a flash sale, a reservation burst and an
// order burst run; after its restart the books are exact (test/faults/fault-books.ts).
import { after, before, describe, it } from 'node:test';
import type { RoleName } from '../support/engine-processes.js';
import { FaultRig } from './fault-rig.js';
import { runFaultScenario, type Fault } from './fault-scenario.js';

/** kill -9 of the roles, down for a second, then started again. */
function killRoles(...roles: RoleName[]): Fault {
  return {
    name: `kill -9 ${roles.join(' + ')}`,
    async inject(rig) {
      for (const role of roles) await rig.kill9(role);
      await new Promise((r) => setTimeout(r, 1_000));
    },
    async recover(rig) {
      for (const role of roles) await rig.restartRole(role);
    },
  };
}

describe('faults - process kills (integration, private Redis/NATS/Postgres)', () => {
  let rig: FaultRig;
  before(async () => {
    rig = await FaultRig.start();
  });
  after(async () => {
    await rig?.close();
  });

  it('faults - kill -9 of the edge mid-load loses and doubles nothing', async () => {
    await runFaultScenario(rig, killRoles('edge'));
  });

  it('faults - kill -9 of the worker mid-load loses and doubles nothing', async () => {
    await runFaultScenario(rig, killRoles('worker'));
  });

  it('faults - kill -9 of the scheduler and the orchestrator mid-load leaves every saga final', async () => {
    await runFaultScenario(rig, killRoles('scheduler', 'orchestrator'));
  });
});
