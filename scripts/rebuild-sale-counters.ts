// Rebuilds flash-sale admission counters from Postgres after Redis lost them:
//   npm run sale:rebuild -- --sale 42      one sale
//   npm run sale:rebuild -- --all          every sale that has not ended
//   ... --force                            also a sale whose counters are live (admission pauses while it runs;
//                                          tickets still in the pending outbox count as sold)
// Waits for each sale's JetStream partition to drain first; prints one progress line per sale. A sale
// with live counters is refused without --force.
import { parseArgs } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats } from '../engine/platform/messaging/nats-connection.js';
import { connectRedis } from '../engine/platform/redis/redis-client.js';
import { configOrExit, loadConfig } from '../engine/platform/config.js';
import { rebuildSaleCounters } from '../engine/sale/sale-counter-rebuild.js';
import { createPool } from '../engine/platform/db/pool.js';

const { values } = parseArgs({ options: { sale: { type: 'string' }, all: { type: 'boolean' }, force: { type: 'boolean' } } });
const saleId = Number(values.sale);
if (!values.all && !(Number.isSafeInteger(saleId) && saleId > 0)) {
  process.stderr.write('usage: npm run sale:rebuild -- --sale <id> | --all [--force]\n');
  process.exit(2);
}

const config = configOrExit(loadConfig);
const db = createPool(config.databaseUrl, 2, config.postgres, 'jobs');
const redis = await connectRedis(config);
const nc = await connectNats(config.nats);
try {
  const jsm = await jetstreamManager(nc);
  const ids = values.all ? (await db.query<{ id: string }>('SELECT id FROM sales WHERE ends_at > now() ORDER BY id')).rows.map((r) => Number(r.id)) : [saleId];
  for (const [i, id] of ids.entries()) {
    const done = await rebuildSaleCounters({ db, redis, jsm }, { namespace: config.namespace, partitions: config.partitions, saleId: id, idempotencyTtlSec: config.idempotencyTtlSec, force: values.force });
    process.stdout.write(`[${i + 1}/${ids.length}] sale ${id}: remaining ${done.remaining} (${done.pending} pending tickets counted), ${done.users} buyers' units and ${done.answers} idempotency answers restored\n`);
  }
} catch (err) {
  process.stderr.write(`rebuild failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await nc.close();
  await db.end();
  redis.disconnect();
}
