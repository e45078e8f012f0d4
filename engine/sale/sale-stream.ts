// The JetStream stream of admitted tickets: one subject per partition, work-queue retention
// (a message is gone once its partition's consumer acks it), and a dedupe window for Nats-Msg-Id.
import { RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { saleStreamName, salePartitionWildcard } from '../subjects.js';

const DEDUPE_WINDOW_NS = 120 * 1e9;

export async function ensureSaleStream(jsm: JetStreamManager, namespace: string): Promise<void> {
  const name = saleStreamName(namespace);
  const config = {
    name,
    subjects: [salePartitionWildcard(namespace)],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: DEDUPE_WINDOW_NS,
  };
  try {
    await jsm.streams.info(name);
  } catch {
    await jsm.streams.add(config).catch(async (err: unknown) => {
      // another process created it between our info and add
      await jsm.streams.info(name).catch(() => {
        throw err;
      });
    });
  }
}
