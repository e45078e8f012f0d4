// Partition leases as Postgres session advisory locks, all on one dedicated connection per worker: the
// worker owns partition p while its session holds the lock (PARTITION_LOCK_CLASS, p). Locks die with the
// session, so a worker that dies (kill -9 closes its socket) frees its partitions with nobody cleaning up.
// Membership is a shared lock every session holds: the sessions holding it are the live workers.
// Advisory locks are per database, and each namespace has its own database.
import pg from 'pg';

/** lock classes (the first int4 of the two-key advisory lock form): "gp" + 0/1 */
export const MEMBER_LOCK_CLASS = 0x6770_0000;
export const PARTITION_LOCK_CLASS = 0x6770_0001;

const ADVISORY_LOCKS_OF_CLASS = `
  SELECT pid, objid::int AS key FROM pg_locks
  WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = $1::int::oid
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

export class LeaseSession {
  private lostReason?: unknown;

  private constructor(private readonly client: pg.Client) {}

  /** Connects, joins as a member; `onLost` fires once if the connection dies (its locks are gone then). */
  static async open(databaseUrl: string, onLost: (err: unknown) => void): Promise<LeaseSession> {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: 'gopang-worker', keepAlive: true });
    const session = new LeaseSession(client);
    const lost = (err: unknown) => {
      if (session.lostReason !== undefined) return;
      session.lostReason = err ?? new Error('lease connection ended');
      onLost(session.lostReason);
    };
    client.on('error', lost);
    client.on('end', () => lost(undefined));
    try {
      await client.connect();
      await client.query('SELECT pg_advisory_lock_shared($1, 0)', [MEMBER_LOCK_CLASS]);
    } catch (err) {
      session.lostReason = err; // no onLost for a session that never opened
      await client.end().catch(() => {});
      throw err;
    }
    return session;
  }

  get lost(): boolean {
    return this.lostReason !== undefined;
  }

  /** Live workers: sessions holding the member lock (this one included). */
  async members(): Promise<number> {
    const { rows } = await this.client.query<{ pid: number }>(ADVISORY_LOCKS_OF_CLASS, [MEMBER_LOCK_CLASS]);
    return new Set(rows.map((r) => r.pid)).size;
  }

  /** Partitions some session (this one included) holds now. */
  async leasedPartitions(): Promise<Set<number>> {
    const { rows } = await this.client.query<{ key: number }>(ADVISORY_LOCKS_OF_CLASS, [PARTITION_LOCK_CLASS]);
    return new Set(rows.map((r) => r.key));
  }

  async tryAcquire(partition: number): Promise<boolean> {
    const { rows } = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [PARTITION_LOCK_CLASS, partition]);
    return rows[0].ok;
  }

  async release(partition: number): Promise<void> {
    await this.client.query('SELECT pg_advisory_unlock($1, $2)', [PARTITION_LOCK_CLASS, partition]);
  }

  /** Ends the session: every lock it held is released by Postgres. */
  async close(): Promise<void> {
    this.lostReason ??= new Error('closed');
    await this.client.end().catch(() => {});
  }
}
