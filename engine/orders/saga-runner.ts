// Runs sagas of many orders at once, each order by at most one run in this process: a submit while the
// order runs marks it to run again; a payment step that must wait is re-run by a timer (the persisted
// next_attempt_at lets the sweep (saga-recovery.ts) re-arm it after a restart), a failed compensation is
// handed to the compensation queue (pg-boss retries with backoff, compensation-queue.ts).
import { log } from '../platform/log.js';
import type { OrderSaga } from './order-saga.js';

const ERROR_RETRY_MS = 1_000;

export class SagaRunner {
  private readonly active = new Map<string, boolean>();
  private readonly waiting = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private running = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly saga: OrderSaga,
    private readonly concurrency: number,
    private readonly retryCompensation: (orderId: string) => Promise<void>,
  ) {}

  submit(orderId: string): void {
    if (this.stopped) return;
    const timer = this.timers.get(orderId);
    if (timer) {
      clearTimeout(timer);
      this.timers.delete(orderId);
    }
    if (this.active.has(orderId)) this.active.set(orderId, true);
    else if (this.running < this.concurrency) void this.start(orderId);
    else this.waiting.add(orderId);
  }

  /** Orders this process is running, waiting to run or waiting on a timer. */
  get inFlight(): number {
    return this.active.size + this.waiting.size + this.timers.size;
  }

  /** Stops taking work and waits for the runs in progress (steps are idempotent, so any may be cut). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.waiting.clear();
    if (this.running > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private async start(orderId: string): Promise<void> {
    this.running++;
    this.active.set(orderId, false);
    let retryInMs: number | undefined;
    try {
      const outcome = await this.saga.run(orderId);
      if ('compensationFailed' in outcome) await this.retryCompensation(orderId);
      else if (!outcome.final) retryInMs = outcome.retryInMs;
    } catch (err) {
      log('warn', 'saga step failed; retrying', { orderId, err });
      retryInMs = ERROR_RETRY_MS;
    }
    const again = this.active.get(orderId);
    this.active.delete(orderId);
    this.running--;
    if (again) this.submit(orderId);
    else if (retryInMs !== undefined && !this.stopped) {
      this.timers.set(orderId, setTimeout(() => (this.timers.delete(orderId), this.submit(orderId)), retryInMs));
    }
    this.next();
  }

  private next(): void {
    for (const orderId of this.waiting) {
      if (this.running >= this.concurrency) return;
      this.waiting.delete(orderId);
      this.submit(orderId);
    }
    if (this.running === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
