// Partition leases and rebalancing on a real Postgres, with several members in this process: shares stay
// disjoint and complete as members join, die and lose their lease connection.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { PARTITION_LOCK_CLASS, LeaseSession } from '../../workers/partitions/partition-leases.js';
import { PartitionOwnership } from '../../workers/partitions/partition-ownership.js';
import { waitFor } from '../support/eventually.js';
import { createTestNamespace, type TestNamespace } from '../support/test-namespace.js';

const PARTITIONS = 8;
const REBALANCE_MS = 100;

interface Member {
  name: string;
  ownership: PartitionOwnership;
  /** a dead member cannot reconnect */
  dead: boolean;
}

/** pg_locks lists every database's locks; parallel test runs hold the same lock keys in theirs */
const THIS_DATABASE = '(SELECT oid FROM pg_database WHERE datname = current_database())';

describe('partition ownership (integration)', () => {
  let ns: TestNamespace;
  let admin: pg.Client;
  const members: Member[] = [];
  /** which member runs each partition's (fake) actors; two at once is a violation */
  const running = new Map<number, string>();
  const violations: string[] = [];

  before(async () => {
    ns = await createTestNamespace();
    admin = new pg.Client({ connectionString: ns.config.databaseUrl });
    await admin.connect();
  });
  after(async () => {
    for (const m of members) await m.ownership.stop();
    await admin?.end();
    await ns?.cleanup();
  });

  async function join(name: string): Promise<Member> {
    const member: Member = {
      name,
      dead: false,
      ownership: new PartitionOwnership({
        partitions: PARTITIONS,
        rebalanceMs: REBALANCE_MS,
        memberId: name,
        openSession: async (onLost) => {
          if (member.dead) throw new Error(`${name} is dead`);
          return LeaseSession.open(ns.config.databaseUrl, onLost);
        },
        startWork: async (partition) => {
          const other = running.get(partition);
          if (other) violations.push(`${name} started partition ${partition} while ${other} runs it`);
          running.set(partition, name);
          return { stop: async () => void (running.get(partition) === name && running.delete(partition)) };
        },
      }),
    };
    members.push(member);
    await member.ownership.start();
    return member;
  }

  const live = () => members.filter((m) => !m.dead);

  /** Waits until the live members' shares are disjoint, cover every partition and none exceeds the fair share. */
  async function balanced(what: string): Promise<number[][]> {
    const share = Math.ceil(PARTITIONS / live().length);
    let shares: number[][] = [];
    return waitFor(() => {
      shares = live().map((m) => m.ownership.owned);
      const all = shares.flat();
      return all.length === PARTITIONS && new Set(all).size === PARTITIONS && shares.every((s) => s.length <= share) && shares;
    }, { timeoutMs: 30_000, message: () => `${what}: balanced shares (has ${JSON.stringify(shares)})` });
  }

  async function leasesInPostgres(): Promise<Map<number, number[]>> {
    const { rows } = await admin.query<{ pid: number; partition: number }>(
      `SELECT pid, objid::int AS partition FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::int::oid AND database = ${THIS_DATABASE} AND granted`,
      [PARTITION_LOCK_CLASS],
    );
    const byPid = new Map<number, number[]>();
    for (const r of rows) byPid.set(r.pid, [...(byPid.get(r.pid) ?? []), r.partition]);
    return byPid;
  }

  it('ownership - shares stay disjoint and complete as members join, die and lose their lease', async () => {
    const a = await join('a');
    assert.equal(a.ownership.owned.length, PARTITIONS, 'a lone member owns every partition once started');
    const b = await join('b');
    const [ofA, ofB] = await balanced('two members');
    assert.equal(ofA.length + ofB.length, PARTITIONS);
    show('two members', ofA, ofB);

    const c = await join('c');
    const three = await balanced('a third joined');
    assert.ok(three[2].length >= PARTITIONS - 2 * Math.ceil(PARTITIONS / 3), `the joiner took its share: ${JSON.stringify(three)}`);
    show('three members', ...three);
    const leases = await leasesInPostgres();
    assert.equal(leases.size, 3, 'three sessions hold leases');
    assert.deepEqual([...leases.values()].flat().sort((x, y) => x - y), Array.from({ length: PARTITIONS }, (_, p) => p));

    // c dies: its actors vanish with it, its session is cut (what kill -9 does to the socket)
    const ofC = c.ownership.owned;
    c.dead = true;
    for (const p of ofC) running.delete(p);
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::int::oid AND database = ${THIS_DATABASE} AND objid = $2::int::oid`,
      [PARTITION_LOCK_CLASS, ofC[0]],
    );
    const survivors = await balanced('c died');
    for (const p of ofC) assert.ok(survivors.some((s) => s.includes(p)), `partition ${p} of c was taken over`);
    show('c died', ...survivors);

    // a's lease connection drops but a lives: it stops its actors, reconnects and takes a share again
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::int::oid AND database = ${THIS_DATABASE} AND objid = $2::int::oid`,
      [PARTITION_LOCK_CLASS, a.ownership.owned[0]],
    );
    await new Promise((r) => setTimeout(r, 5 * REBALANCE_MS));
    const again = await balanced('a reconnected');
    show('a reconnected', ...again);
    assert.deepEqual(violations, []);

    await b.ownership.stop();
    members.splice(members.indexOf(b), 1);
    assert.deepEqual((await balanced('b left'))[0], Array.from({ length: PARTITIONS }, (_, p) => p), 'a took everything back');
    await a.ownership.stop();
    members.splice(members.indexOf(a), 1);
    assert.equal((await leasesInPostgres()).size, 0, 'no lease outlives its members');
    assert.deepEqual(violations, []);
  });
});

function show(stage: string, ...shares: number[][]): void {
  console.log(`[ownership] ${stage}: ${shares.map((s) => `[${s.join(',')}]`).join(' ')}`);
}
