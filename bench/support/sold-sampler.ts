// Samples the durable `sold` column of one sale (or the sum over several) while and after the load runs:
// when it catches up with what Redis admitted, and its fastest one-second climb.
import type pg from 'pg';
import { printLine } from './progress-ticker.js';

interface Sample {
  atMs: number;
  sold: number;
}

const INTERVAL_MS = 100;

export class SoldSampler {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastError: unknown;
  private readonly saleIds: number[];

  constructor(
    private readonly db: pg.Pool,
    saleIds: number | number[],
  ) {
    this.saleIds = Array.isArray(saleIds) ? saleIds : [saleIds];
  }

  start(): void {
    const tick = async () => {
      try {
        const { rows } = await this.db.query<{ sold: number }>('SELECT coalesce(sum(sold), 0)::int AS sold FROM sales WHERE id = ANY($1)', [this.saleIds]);
        this.samples.push({ atMs: performance.now(), sold: rows[0].sold });
      } catch (err) {
        this.lastError = err;
      }
      if (this.timer !== undefined) this.timer = setTimeout(tick, INTERVAL_MS);
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Waits until `sold` reaches what was admitted (asked again each time, since answers still in flight
   * when the load stopped may admit a few more) and returns when that first happened. Prints how far
   * `sold` got once a second.
   */
  async waitForDurable(admitted: () => Promise<number>, timeoutMs: number): Promise<{ atMs: number; units: number }> {
    const started = performance.now();
    const deadline = started + timeoutMs;
    let printedAt = started;
    for (;;) {
      const target = await admitted();
      const reached = this.samples.find((s) => s.sold >= target);
      if (reached) return { atMs: reached.atMs, units: target };
      const latest = this.samples.at(-1);
      if (performance.now() - printedAt >= 1_000) {
        printedAt = performance.now();
        printLine(`[durable] ${(latest?.sold ?? 0).toLocaleString('en-US')} of ${target.toLocaleString('en-US')} admitted units are order rows (${Math.round((printedAt - started) / 1_000)} s)`);
      }
      if (performance.now() > deadline) {
        const why = this.lastError instanceof Error ? ` (last query error: ${this.lastError.message})` : '';
        throw new Error(`only ${latest?.sold ?? 0} of ${target} admitted units became durable in ${timeoutMs / 1000} s${why}`);
      }
      await new Promise((r) => setTimeout(r, INTERVAL_MS));
    }
  }

  /** Highest rise of `sold` over any window of at least one second (or over all samples, if shorter), per second. */
  peakRatePerSec(): number {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.atMs === first.atMs) return 0;
    if (last.atMs - first.atMs < 1_000) return ((last.sold - first.sold) * 1_000) / (last.atMs - first.atMs);
    let peak = 0;
    let j = 0;
    for (let i = 0; i < this.samples.length; i++) {
      while (j + 1 < i && this.samples[i].atMs - this.samples[j + 1].atMs >= 1_000) j++;
      const span = this.samples[i].atMs - this.samples[j].atMs;
      if (span >= 1_000) peak = Math.max(peak, ((this.samples[i].sold - this.samples[j].sold) * 1_000) / span);
    }
    return peak;
  }
}
