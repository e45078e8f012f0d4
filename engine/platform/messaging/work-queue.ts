// One declaration per JetStream work queue: its names, partitioning and codec. Publishers, consumers,
// stream creation and test cleanup are all derived from it, so a queue is laid out one way everywhere.
import { Packr } from 'msgpackr';

export interface WorkQueueSpec<Item> {
  /** the subject token and consumer prefix: `<ns>.<name>.<partition>`, durable `<name>-p<partition>` */
  name: string;
  /** the stream is `<NS>_<stream>` */
  stream: string;
  /** a message is a micro-batch `{ [batchField]: Item[] }` */
  batchField: string;
  partitionOf(item: Item, partitions: number): number;
  /** Nats-Msg-Id of a batch, for the stream's dedupe window; none when republishing is meant to deliver again */
  dedupeId?(items: Item[]): string;
}

export interface WorkQueue<Item> extends WorkQueueSpec<Item> {
  streamName(namespace: string): string;
  /** the subject of one partition, which its durable consumer filters on */
  subject(namespace: string, partition: number): string;
  /** every partition's subject: what the stream holds */
  wildcard(namespace: string): string;
  consumerName(partition: number): string;
  encode(items: Item[]): Uint8Array;
  decode(data: Uint8Array): Item[];
}

// plain msgpack (no records extension) so any client can read it
const packr = new Packr({ useRecords: false });

export function defineWorkQueue<Item>(spec: WorkQueueSpec<Item>): WorkQueue<Item> {
  const { name, stream, batchField } = spec;
  return {
    ...spec,
    streamName: (namespace) => `${namespace.toUpperCase()}_${stream}`,
    subject: (namespace, partition) => `${namespace}.${name}.${partition}`,
    wildcard: (namespace) => `${namespace}.${name}.*`,
    consumerName: (partition) => `${name}-p${partition}`,
    encode: (items) => packr.pack({ [batchField]: items }),
    decode(data) {
      const items = (packr.unpack(data) as Record<string, unknown> | undefined)?.[batchField];
      if (!Array.isArray(items)) throw new Error(`malformed ${name} batch`);
      return items as Item[];
    },
  };
}
