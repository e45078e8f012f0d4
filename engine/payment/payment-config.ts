// Configuration of the payment domain, from environment variables (composed into EngineConfig as `config.payment`).
// Adapter (engine/payment/portone-gateway.ts):
//   PAYMENT_GATEWAY_URL               ""        unset: the local fake gateway at http://127.0.0.1:<FAKE_GATEWAY_PORT>,
//                                               which the supervisor then starts; set it for a real PortOne-style gateway
//   PAYMENT_API_KEY                   gopang-dev-key     imp_key; the dev default only opens the local fake
//   PAYMENT_API_SECRET                gopang-dev-secret  imp_secret; real ones come from the environment, never the repo
//   PAYMENT_TIMEOUT_MS                3000      per-attempt timeout of one gateway call
//   PAYMENT_MAX_SOCKETS               256       keep-alive connections to the gateway per process (calls beyond wait for one)
//   PAYMENT_MAX_ATTEMPTS              3         attempts per call (retryable errors only: 5xx, connection, timeout)
//   PAYMENT_RETRY_BASE_MS             100       first backoff ceiling; doubles per retry, full jitter
//   PAYMENT_RETRY_MAX_MS              2000      cap of one backoff
//   PAYMENT_BREAKER_FAILURES          5         consecutive failures that open the breaker
//   PAYMENT_BREAKER_FAILURE_RATIO     0.5       failure ratio over the window that opens it (0 turns it off)
//   PAYMENT_BREAKER_WINDOW            20        calls in that window (the ratio counts from 10 calls or the window size if smaller)
//   PAYMENT_BREAKER_COOLDOWN_MS       10000     open → half-open after this long
//   PAYMENT_BREAKER_HALF_OPEN_TRIALS  1         trial calls let through at once while half-open
//   PAYMENT_TOKEN_REFRESH_MARGIN_SEC  60        a cached access token is renewed this long before it expires
// Payment methods (engine/payment/payment-methods.ts):
//   PAYMENT_METHODS_MAX_PER_USER      20        cards one user may have registered at once
// Local fake gateway (engine/payment/fake-gateway/main.ts):
//   FAKE_GATEWAY_HOST 127.0.0.1, FAKE_GATEWAY_PORT 9300
//   FAKE_GATEWAY_API_KEY / FAKE_GATEWAY_API_SECRET   default: PAYMENT_API_KEY / PAYMENT_API_SECRET (their defaults)
//   FAKE_GATEWAY_LATENCY_MS 0        added to every answer
//   FAKE_GATEWAY_ERROR_RATE 0        0..1: share of requests answered HTTP 500 {code:-1} (transient)
//   FAKE_GATEWAY_DECLINE_RATE 0      0..1: share of payments declined (status "failed")
//   FAKE_GATEWAY_TIMEOUT_RATE 0      0..1: share of requests that never answer (after doing their work)
//   FAKE_GATEWAY_TOKEN_TTL_SEC 1800  access-token lifetime (PortOne: 30 minutes)
//   FAKE_GATEWAY_SEED ""             an integer makes the injected faults reproducible
import { int, ratio, str } from '../platform/config.js';
import type { BreakerPolicy } from '../platform/resilience/circuit-breaker.js';
import type { RetryPolicy } from '../platform/resilience/resilience.js';

export const DEV_API_KEY = 'gopang-dev-key';
export const DEV_API_SECRET = 'gopang-dev-secret';

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

export function loadPaymentConfig(env: NodeJS.ProcessEnv): PaymentConfig {
  const fake = loadFakeGatewayConfig(env);
  const configuredUrl = str(env, 'PAYMENT_GATEWAY_URL', '');
  const windowSize = int(env, 'PAYMENT_BREAKER_WINDOW', 20);
  return {
    gatewayUrl: configuredUrl || `http://${fake.host}:${fake.port}`,
    maxSockets: Math.max(1, int(env, 'PAYMENT_MAX_SOCKETS', 256)),
    usesLocalFake: configuredUrl === '',
    apiKey: str(env, 'PAYMENT_API_KEY', DEV_API_KEY),
    apiSecret: str(env, 'PAYMENT_API_SECRET', DEV_API_SECRET),
    timeoutMs: int(env, 'PAYMENT_TIMEOUT_MS', 3_000),
    retry: {
      maxAttempts: int(env, 'PAYMENT_MAX_ATTEMPTS', 3),
      baseDelayMs: int(env, 'PAYMENT_RETRY_BASE_MS', 100),
      maxDelayMs: int(env, 'PAYMENT_RETRY_MAX_MS', 2_000),
    },
    breaker: {
      failureThreshold: int(env, 'PAYMENT_BREAKER_FAILURES', 5),
      failureRatio: ratio(env, 'PAYMENT_BREAKER_FAILURE_RATIO', 0.5),
      windowSize,
      minimumCalls: Math.min(10, windowSize),
      coolDownMs: int(env, 'PAYMENT_BREAKER_COOLDOWN_MS', 10_000),
      halfOpenTrials: int(env, 'PAYMENT_BREAKER_HALF_OPEN_TRIALS', 1),
    },
    tokenRefreshMarginSec: int(env, 'PAYMENT_TOKEN_REFRESH_MARGIN_SEC', 60),
    methodsMaxPerUser: Math.max(1, int(env, 'PAYMENT_METHODS_MAX_PER_USER', 20)),
    fake,
  };
}

export function loadFakeGatewayConfig(env: NodeJS.ProcessEnv): FakeGatewayConfig {
  const seed = str(env, 'FAKE_GATEWAY_SEED', '');
  return {
    host: str(env, 'FAKE_GATEWAY_HOST', '127.0.0.1'),
    port: int(env, 'FAKE_GATEWAY_PORT', 9300),
    apiKey: str(env, 'FAKE_GATEWAY_API_KEY', str(env, 'PAYMENT_API_KEY', DEV_API_KEY)),
    apiSecret: str(env, 'FAKE_GATEWAY_API_SECRET', str(env, 'PAYMENT_API_SECRET', DEV_API_SECRET)),
    latencyMs: int(env, 'FAKE_GATEWAY_LATENCY_MS', 0),
    errorRate: ratio(env, 'FAKE_GATEWAY_ERROR_RATE', 0),
    declineRate: ratio(env, 'FAKE_GATEWAY_DECLINE_RATE', 0),
    timeoutRate: ratio(env, 'FAKE_GATEWAY_TIMEOUT_RATE', 0),
    tokenTtlSec: int(env, 'FAKE_GATEWAY_TOKEN_TTL_SEC', 1_800),
    seed: seed === '' ? undefined : int(env, 'FAKE_GATEWAY_SEED', 0),
  };
}
