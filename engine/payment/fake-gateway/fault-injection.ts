// The fake gateway's misbehaviour knobs, changeable at run time (POST /__control), and the random source
// that decides each injected fault (seeded for reproducible runs).
import type { FakeGatewayConfig } from '../payment-config.js';

export const ENDPOINTS = ['getToken', 'pay', 'cancel', 'find', 'issueBillingKey', 'deleteBillingKey'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export interface FaultKnobs {
  latencyMs: number;
  errorRate: number;
  declineRate: number;
  timeoutRate: number;
  tokenTtlSec: number;
  /** the next this many requests answer a transient 500, whatever errorRate says (deterministic tests) */
  failNext: number;
  /** the next this many requests do their work and then never answer, whatever timeoutRate says */
  hangNext: number;
  /** the endpoints that transient errors and hangs hit (default: all) */
  faultEndpoints: Endpoint[];
  /** extra time before a payment is made (on top of latencyMs): a client that timed out meanwhile is charged anyway */
  payDelayMs: number;
}

const RATES = ['errorRate', 'declineRate', 'timeoutRate'] as const;
const COUNTS = ['latencyMs', 'tokenTtlSec', 'failNext', 'hangNext', 'payDelayMs'] as const;

/** mulberry32: tiny, fast, good enough to spread faults reproducibly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function problemWith(name: string, value: unknown): string | undefined {
  if (name === 'faultEndpoints') {
    const valid = Array.isArray(value) && value.every((e) => (ENDPOINTS as readonly unknown[]).includes(e));
    return valid ? undefined : `faultEndpoints must list some of ${ENDPOINTS.join(', ')}`;
  }
  const isRate = (RATES as readonly string[]).includes(name);
  if (!isRate && !(COUNTS as readonly string[]).includes(name)) return `unknown knob ${name}`;
  const valid = typeof value === 'number' && value >= 0 && (isRate ? value <= 1 : Number.isInteger(value));
  return valid ? undefined : `${name} must be ${isRate ? 'a number from 0 to 1' : 'a non-negative integer'}`;
}

export class FaultInjection {
  readonly knobs: FaultKnobs;
  private readonly random: () => number;

  constructor(config: FakeGatewayConfig) {
    const { latencyMs, errorRate, declineRate, timeoutRate, tokenTtlSec } = config;
    this.knobs = { latencyMs, errorRate, declineRate, timeoutRate, tokenTtlSec, failNext: 0, hangNext: 0, faultEndpoints: [...ENDPOINTS], payDelayMs: 0 };
    this.random = config.seed === undefined ? Math.random : seededRandom(config.seed);
  }

  roll(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }

  /** Whether this request answers a transient 500: a forced one first, else by errorRate. */
  transientError(endpoint: Endpoint): boolean {
    if (!this.knobs.faultEndpoints.includes(endpoint)) return false;
    if (this.knobs.failNext > 0) return this.knobs.failNext-- > 0;
    return this.roll(this.knobs.errorRate);
  }

  /** Whether this request, its work done, never answers. */
  hang(endpoint: Endpoint): boolean {
    if (!this.knobs.faultEndpoints.includes(endpoint)) return false;
    if (this.knobs.hangNext > 0) return this.knobs.hangNext-- > 0;
    return this.roll(this.knobs.timeoutRate);
  }

  /** Applies a control request; answers an error message for a bad field, or undefined. */
  update(patch: Record<string, unknown>): string | undefined {
    for (const [name, value] of Object.entries(patch)) {
      const problem = problemWith(name, value);
      if (problem) return problem;
    }
    Object.assign(this.knobs, patch);
    return undefined;
  }
}
