// Lists the mail outbox, newest first: `npm run mail:outbox [-- --limit N]`. A message's body shows while
// it is not sent (a sent message keeps only its envelope). Uses the engine's environment (DATABASE_URL).
import { parseArgs } from 'node:util';
import { configOrExit, loadConfig } from '../engine/platform/config.js';
import { createPool } from '../engine/platform/db/pool.js';
import { listOutbox } from '../engine/mail/mail-outbox.js';

const { values } = parseArgs({ options: { limit: { type: 'string', default: '20' } } });
const limit = Number(values.limit);
const config = configOrExit(loadConfig);
const db = createPool(config.databaseUrl, 1, config.postgres, 'jobs');
try {
  if (!Number.isInteger(limit) || limit < 1) throw new Error('--limit must be a positive integer');
  const entries = await listOutbox(db, limit);
  if (entries.length === 0) process.stdout.write('the mail outbox is empty\n');
  for (const m of entries) {
    process.stdout.write(`#${m.id} ${m.status} ${m.kind} to ${m.recipient} (created ${m.createdAt}${m.sentAt ? `, sent ${m.sentAt}` : ''}, attempts ${m.attempts})\n`);
    process.stdout.write(`  subject: ${m.subject}\n`);
    if (m.lastError) process.stdout.write(`  last error: ${m.lastError}\n`);
    if (m.body !== null) process.stdout.write(`${m.body.replace(/^/gm, '  | ')}\n`);
  }
} catch (err) {
  process.stderr.write(`mail:outbox failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.end();
}
