// Configuration of the payment domain (`config.payment`) and of the local fake gateway, from the validated
// variables of engine/platform/config-schema.ts (types, ranges, defaults and meanings there and in docs/configuration.md).
import type { ConfigValues } from '../platform/config.js';
import { CONFIG_SCHEMA } from '../platform/config-schema.js';
import { readValues } from '../platform/config-vars.js';
import type { BreakerPolicy } from '../platform/resilience/circuit-breaker.js';
import type { RetryPolicy } from '../platform/resilience/resilience.js';

export interface FakeGatewayConfig {
  host: string;
  port: number;
  apiKey: string;
  apiSecret: string;
  latencyMs: number;
  errorRate: number;
  declineRate: number;
  timeoutRate: number;
  tokenTtlSec: number;
  /** undefined: Math.random */
  seed: number | undefined;
}

export interface PaymentConfig {
  gatewayUrl: string;
  maxSockets: number;
  /** PAYMENT_GATEWAY_URL unset: the local fake is in use and the supervisor runs it */
  usesLocalFake: boolean;
  apiKey: string;
  apiSecret: string;
  timeoutMs: number;
  retry: RetryPolicy;
  breaker: BreakerPolicy;
  tokenRefreshMarginSec: number;
  methodsMaxPerUser: number;
  fake: FakeGatewayConfig;
}

export function loadPaymentConfig(v: ConfigValues): PaymentConfig {
  const fake = fakeGatewayConfigOf(v);
  const windowSize = v.PAYMENT_BREAKER_WINDOW;
  return {
    gatewayUrl: v.PAYMENT_GATEWAY_URL || `http://${fake.host}:${fake.port}`,
    maxSockets: v.PAYMENT_MAX_SOCKETS,
    usesLocalFake: v.PAYMENT_GATEWAY_URL === '',
    apiKey: v.PAYMENT_API_KEY,
    apiSecret: v.PAYMENT_API_SECRET,
    timeoutMs: v.PAYMENT_TIMEOUT_MS,
    retry: { maxAttempts: v.PAYMENT_MAX_ATTEMPTS, baseDelayMs: v.PAYMENT_RETRY_BASE_MS, maxDelayMs: v.PAYMENT_RETRY_MAX_MS },
    breaker: {
      failureThreshold: v.PAYMENT_BREAKER_FAILURES,
      failureRatio: v.PAYMENT_BREAKER_FAILURE_RATIO,
      windowSize,
      minimumCalls: Math.min(10, windowSize),
      coolDownMs: v.PAYMENT_BREAKER_COOLDOWN_MS,
      halfOpenTrials: v.PAYMENT_BREAKER_HALF_OPEN_TRIALS,
    },
    tokenRefreshMarginSec: v.PAYMENT_TOKEN_REFRESH_MARGIN_SEC,
    methodsMaxPerUser: v.PAYMENT_METHODS_MAX_PER_USER,
    fake,
  };
}

/** The fake gateway's own process reads only these, refused like loadConfig refuses them. */
export function loadFakeGatewayConfig(env: NodeJS.ProcessEnv): FakeGatewayConfig {
  return fakeGatewayConfigOf(readValues(CONFIG_SCHEMA, env));
}

function fakeGatewayConfigOf(v: ConfigValues): FakeGatewayConfig {
  return {
    host: v.FAKE_GATEWAY_HOST,
    port: v.FAKE_GATEWAY_PORT,
    apiKey: v.FAKE_GATEWAY_API_KEY ?? v.PAYMENT_API_KEY,
    apiSecret: v.FAKE_GATEWAY_API_SECRET ?? v.PAYMENT_API_SECRET,
    latencyMs: v.FAKE_GATEWAY_LATENCY_MS,
    errorRate: v.FAKE_GATEWAY_ERROR_RATE,
    declineRate: v.FAKE_GATEWAY_DECLINE_RATE,
    timeoutRate: v.FAKE_GATEWAY_TIMEOUT_RATE,
    tokenTtlSec: v.FAKE_GATEWAY_TOKEN_TTL_SEC,
    seed: v.FAKE_GATEWAY_SEED,
  };
}
