// Circuit breaker of one remote target. Closed: calls pass; N consecutive failures, or a failure ratio over
// the last `windowSize` calls, open it. Open: calls fail fast until `coolDownMs` has passed. Half-open:
// up to `halfOpenTrials` trial calls pass at once; a trial success closes it, a trial failure re-opens it.

export type BreakerState = 'closed' | 'half-open' | 'open';

export interface BreakerPolicy {
  /** consecutive failures that open the breaker */
  failureThreshold: number;
  /** failures / calls over the window that open it (with at least `minimumCalls` in the window); 0 turns it off */
  failureRatio: number;
  windowSize: number;
  minimumCalls: number;
  coolDownMs: number;
  /** trial calls let through at once while half-open */
  halfOpenTrials: number;
}

/** Leave to make one call; results are only counted against the state the permit was issued in. */
export interface Permit {
  readonly generation: number;
}

export class CircuitBreaker {
  private current: BreakerState = 'closed';
  // bumped on every transition, so a slow call from an earlier state cannot close or open the new one
  private generation = 0;
  private consecutiveFailures = 0;
  private readonly window: boolean[] = [];
  private windowNext = 0;
  private windowFailures = 0;
  private openedAt = 0;
  private trialsInFlight = 0;

  constructor(
    private readonly policy: BreakerPolicy,
    private readonly onStateChange: (state: BreakerState) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    return this.current;
  }

  /** When a call is worth trying again after a fast failure: the rest of the cool-down, or a whole one while trials run. */
  retryAfterMs(): number {
    if (this.current === 'open') return Math.max(0, this.openedAt + this.policy.coolDownMs - this.now());
    return this.current === 'half-open' ? this.policy.coolDownMs : 0;
  }

  /** A permit, or undefined when the call must fail fast. Moves open → half-open once the cool-down passed. */
  tryAcquire(): Permit | undefined {
    if (this.current === 'open') {
      if (this.now() - this.openedAt < this.policy.coolDownMs) return undefined;
      this.transition('half-open');
    }
    if (this.current === 'half-open') {
      if (this.trialsInFlight >= this.policy.halfOpenTrials) return undefined;
      this.trialsInFlight++;
    }
    return { generation: this.generation };
  }

  onSuccess(permit: Permit): void {
    if (permit.generation !== this.generation) return;
    if (this.current === 'half-open') return this.transition('closed');
    this.consecutiveFailures = 0;
    this.record(false);
  }

  onFailure(permit: Permit): void {
    if (permit.generation !== this.generation) return;
    if (this.current === 'half-open') return this.transition('open');
    this.consecutiveFailures++;
    this.record(true);
    if (this.consecutiveFailures >= this.policy.failureThreshold || this.ratioExceeded()) this.transition('open');
  }

  private record(failed: boolean): void {
    if (this.policy.windowSize <= 0) return;
    if (this.window.length < this.policy.windowSize) this.window.push(failed);
    else {
      if (this.window[this.windowNext]) this.windowFailures--;
      this.window[this.windowNext] = failed;
      this.windowNext = (this.windowNext + 1) % this.policy.windowSize;
    }
    if (failed) this.windowFailures++;
  }

  private ratioExceeded(): boolean {
    const calls = this.window.length;
    return this.policy.failureRatio > 0 && calls >= this.policy.minimumCalls && this.windowFailures / calls >= this.policy.failureRatio;
  }

  private transition(next: BreakerState): void {
    this.current = next;
    this.generation++;
    this.consecutiveFailures = 0;
    this.trialsInFlight = 0;
    this.window.length = 0;
    this.windowNext = 0;
    this.windowFailures = 0;
    if (next === 'open') this.openedAt = this.now();
    this.onStateChange(next);
  }
}
