// pg-boss 10 gives each queue its own partition of one shared job table: creating a queue is DDL on that
// table (CREATE TABLE, ATTACH PARTITION), and two processes creating queues at once deadlock in
// pgboss.create_queue. So the queues are created here, one process at a time under an advisory lock,
// by prepareDatabase: before the roles that work on them start, which then only use them.
import pg from 'pg';
import PgBoss from 'pg-boss';
import { log } from '../log.js';

const QUEUE_SETUP_LOCK_ID = 727_002;
/** pg-boss' own queue for cron jobs: its timekeeper creates it at start in every process that schedules. */
export const pgBossCronQueue = '__pgboss__send-it';

/** Installs pg-boss' schema and creates the missing queues (ours stately); existing ones are left as they are. */
export async function createJobQueues(databaseUrl: string, queues: readonly string[]): Promise<void> {
  const lock = new pg.Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [QUEUE_SETUP_LOCK_ID]);
    const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 1, supervise: false, schedule: false });
    boss.on('error', (err) => log('error', 'pg-boss error', { err }));
    await boss.start();
    try {
      await boss.createQueue(pgBossCronQueue);
      for (const name of queues) await boss.createQueue(name, { name, policy: 'stately' });
    } finally {
      await boss.stop({ graceful: false });
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [QUEUE_SETUP_LOCK_ID]).catch(() => {});
    await lock.end();
  }
}
