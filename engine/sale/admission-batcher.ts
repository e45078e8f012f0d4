// Gathers the flash-sale attempts that arrive together into one lua/admit-n.lua call per sale (admission.ts).
// A sale's batch goes at setImmediate, once the I/O callbacks of this loop turn have run, or as soon as it
// holds MAX_BATCH attempts: a lone attempt waits for no timer, and a burst costs one round trip per sale.
// Each attempt gets its own result; a call that fails rejects every attempt of its batch.
import { admissionBatchAttempts } from '../platform/metrics.js';
import type { RedisClient } from '../platform/redis/redis-client.js';
import { admitBatch, type AttemptRequest, type AttemptResult, type SaleAttempt } from './admission.js';

/** attempts per script call at the most: the script holds the sale's slot while it runs */
export const MAX_BATCH = 64;

interface Batch {
  saleId: number;
  attempts: SaleAttempt[];
  settles: { resolve: (result: AttemptResult) => void; reject: (err: unknown) => void }[];
}

export class AdmissionBatcher {
  /** batches still gathering, by sale */
  private readonly gathering = new Map<number, Batch>();
  private flushScheduled = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly namespace: string,
    private readonly idempotencyTtlSec: number,
  ) {}

  /** Admits or refuses one attempt, in the batch of its sale. */
  admit(request: AttemptRequest): Promise<AttemptResult> {
    let batch = this.gathering.get(request.saleId);
    if (!batch) {
      batch = { saleId: request.saleId, attempts: [], settles: [] };
      this.gathering.set(request.saleId, batch);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    }
    const gathered = batch;
    const result = new Promise<AttemptResult>((resolve, reject) => gathered.settles.push({ resolve, reject }));
    gathered.attempts.push(request);
    if (gathered.attempts.length >= MAX_BATCH) {
      this.gathering.delete(request.saleId);
      this.send(gathered);
    }
    return result;
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    for (const batch of this.gathering.values()) this.send(batch);
    this.gathering.clear();
  };

  private send(batch: Batch): void {
    admissionBatchAttempts.observe(batch.attempts.length);
    admitBatch(this.redis, this.namespace, this.idempotencyTtlSec, batch.saleId, batch.attempts).then(
      (results) => batch.settles.forEach((settle, i) => settle.resolve(results[i])),
      (err: unknown) => batch.settles.forEach((settle) => settle.reject(err)),
    );
  }
}
