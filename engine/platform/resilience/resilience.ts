// The one way to call a remote (payment gateway, any other service): a per-attempt timeout whose
// AbortSignal reaches the call, retries with exponential backoff and full jitter on retryable errors
// only, a circuit breaker per target, and an optional fallback.
import { setTimeout as sleep } from 'node:timers/promises';
import { CircuitBreaker, type BreakerPolicy, type BreakerState } from './circuit-breaker.js';
import { CircuitOpenError, RemoteTimeoutError, isRetryable } from './resilience-errors.js';
import { BREAKER_STATE_VALUE, breakerState, remoteCallDuration, remoteCalls, type RemoteOutcome } from './resilience-metrics.js';

export interface RetryPolicy {
  /** attempts in all, the first included; 1 means no retry */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RemotePolicy {
  timeoutMs: number;
  retry: RetryPolicy;
  breaker: BreakerPolicy;
  /** which errors are worth another attempt and count as a failure of the remote (default: isRetryable) */
  isRetryable?: (err: unknown) => boolean;
  /** uniform [0, 1); injectable for tests */
  random?: () => number;
}

export interface CallOptions<T> {
  /** answers instead of the final error (after retries, or an open circuit); may rethrow */
  fallback?: (err: unknown) => T | Promise<T>;
}

export type RemoteCall<T> = (signal: AbortSignal) => Promise<T>;

/** Full jitter: uniform in [0, min(maxDelay, base · 2^(retry-1))), so retrying clients spread out. */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

export class RemoteCaller {
  private readonly breaker: CircuitBreaker;
  private readonly retryable: (err: unknown) => boolean;

  constructor(
    readonly target: string,
    private readonly policy: RemotePolicy,
  ) {
    this.retryable = policy.isRetryable ?? isRetryable;
    this.breaker = new CircuitBreaker(policy.breaker, (state) => breakerState.set({ target }, BREAKER_STATE_VALUE[state]));
    breakerState.set({ target }, BREAKER_STATE_VALUE.closed);
  }

  get state(): BreakerState {
    return this.breaker.state;
  }

  async call<T>(fn: RemoteCall<T>, options: CallOptions<T> = {}): Promise<T> {
    try {
      return await this.withRetries(fn);
    } catch (err) {
      if (options.fallback) return options.fallback(err);
      throw err;
    }
  }

  private async withRetries<T>(fn: RemoteCall<T>): Promise<T> {
    const { retry } = this.policy;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(fn);
      } catch (err) {
        if (attempt >= retry.maxAttempts || !this.retryable(err)) throw err;
        await sleep(backoffDelayMs(attempt, retry, this.policy.random));
      }
    }
  }

  private async attempt<T>(fn: RemoteCall<T>): Promise<T> {
    const permit = this.breaker.tryAcquire();
    if (!permit) {
      this.count('rejected_open');
      throw new CircuitOpenError(this.target, this.breaker.retryAfterMs());
    }
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // the attempt ends at the deadline even when fn ignores its signal
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const timeout = new RemoteTimeoutError(this.target, this.policy.timeoutMs);
        reject(timeout);
        controller.abort(timeout);
      }, this.policy.timeoutMs);
    });
    const stopTimer = remoteCallDuration.startTimer({ target: this.target });
    try {
      const value = await Promise.race([fn(controller.signal), deadline]);
      this.breaker.onSuccess(permit);
      this.count('ok');
      return value;
    } catch (raised) {
      const err = controller.signal.aborted ? (controller.signal.reason as unknown) : raised;
      const failed = this.retryable(err);
      // a business refusal proves the remote healthy: it counts as a success for the breaker
      if (failed) this.breaker.onFailure(permit);
      else this.breaker.onSuccess(permit);
      this.count(err instanceof RemoteTimeoutError ? 'timeout' : failed ? 'error' : 'ok');
      throw err;
    } finally {
      clearTimeout(timer);
      stopTimer();
    }
  }

  private count(outcome: RemoteOutcome): void {
    remoteCalls.inc({ target: this.target, outcome });
  }
}

const callers = new Map<string, RemoteCaller>();

/** The process-wide caller of `target` (one breaker per target); the policy of its first use wins. */
export function remoteCaller(target: string, policy: RemotePolicy): RemoteCaller {
  let caller = callers.get(target);
  if (!caller) {
    caller = new RemoteCaller(target, policy);
    callers.set(target, caller);
  }
  return caller;
}

export function callRemote<T>(target: string, fn: RemoteCall<T>, policy: RemotePolicy, options?: CallOptions<T>): Promise<T> {
  return remoteCaller(target, policy).call(fn, options);
}

export type { BreakerPolicy, BreakerState } from './circuit-breaker.js';
export { CircuitOpenError, RemoteTimeoutError, RetryableError, isCircuitOpen, isRemoteTimeout, isRetryable } from './resilience-errors.js';
