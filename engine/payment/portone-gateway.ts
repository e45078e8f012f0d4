// PaymentGateway over a PortOne-style REST API. Every exchange goes through the resilience wrapper
// (target 'payment-gateway': timeout, retries of transient failures, circuit breaker); answers become
// typed errors: a decline → PaymentDeclinedError (402, final), a refused card at registration → CARD_REJECTED,
// a refused request → PAYMENT_GATEWAY_REJECTED, transient → retryable REMOTE_UNAVAILABLE/REMOTE_TIMEOUT,
// open breaker → CIRCUIT_OPEN.
import { EngineError } from '../platform/errors.js';
import { RemoteCaller } from '../platform/resilience/resilience.js';
import { AccessTokenCache } from './access-token-cache.js';
import type { PaymentConfig } from './payment-config.js';
import { PaymentDeclinedError } from './payment-errors.js';
import type { BillingKeyGateway, BillingKeyRequest, CancelRequest, CancelResult, PaymentGateway, PaymentRequest, PaymentResult } from './payment-gateway.js';
import { gatewayConnection, gatewayRequest, type GatewayAnswer, type GatewayConnection, type GatewayRequest } from './portone-http.js';
import {
  portOnePaths, type PortOneBillingKey, type PortOneBillingKeyRequest, type PortOneCancelRequest, type PortOnePayRequest,
  type PortOnePayment, type PortOneToken,
} from './portone-wire.js';

export const PAYMENT_TARGET = 'payment-gateway';

function toPaymentResult(payment: PortOnePayment): PaymentResult {
  const result: PaymentResult = {
    impUid: payment.imp_uid,
    merchantUid: payment.merchant_uid,
    amount: payment.amount,
    status: payment.status === 'failed' ? 'failed' : 'paid',
    cardLast4: payment.card_number.slice(-4),
    receiptUrl: payment.receipt_url,
    cancelledAmount: payment.cancel_amount,
  };
  if (payment.fail_reason) result.failReason = payment.fail_reason;
  return result;
}

function toCancelResult(payment: PortOnePayment): CancelResult {
  return { merchantUid: payment.merchant_uid, cancelledAmount: payment.cancel_amount, remainingAmount: payment.amount - payment.cancel_amount };
}

/** The envelope's response of a 200 answer, or the typed error for anything else. */
function responseOf<T>(answer: GatewayAnswer<T>, operation: string, refusal: Partial<Record<number, EngineError['code']>>): T {
  const { status, envelope } = answer;
  if (status === 200 && envelope.code === 0 && envelope.response) return envelope.response;
  const message = `payment gateway refused ${operation}: ${envelope.message ?? `HTTP ${status}`}`;
  throw new EngineError(refusal[status] ?? 'PAYMENT_GATEWAY_REJECTED', message);
}

/**
 * A refused card: our fake answers 422; PortOne itself answers a failed card check with HTTP 200 and a
 * non-zero code. Any other 4xx means our request was wrong (PAYMENT_GATEWAY_REJECTED).
 */
const cardRefusals = { 200: 'CARD_REJECTED', 422: 'CARD_REJECTED' } as const;

export class PortOneGateway implements PaymentGateway, BillingKeyGateway {
  private readonly tokens: AccessTokenCache;
  private readonly connection: GatewayConnection;

  constructor(
    private readonly config: PaymentConfig,
    private readonly caller: RemoteCaller,
  ) {
    this.connection = gatewayConnection(config.gatewayUrl, config.maxSockets);
    this.tokens = new AccessTokenCache(() => this.requestToken(), config.tokenRefreshMarginSec);
  }

  async pay(request: PaymentRequest): Promise<PaymentResult> {
    const body: PortOnePayRequest = {
      merchant_uid: request.merchantUid,
      amount: request.amount,
      card_token: request.cardToken,
      name: request.orderName,
      customer_id: String(request.buyerId),
    };
    // safe to retry: the gateway pays once per merchant_uid and answers a repeat with the first result
    const answer = await this.exchange<PortOnePayment>({ method: 'POST', path: portOnePaths.pay, body });
    const result = toPaymentResult(responseOf(answer, 'the payment', { 409: 'IDEMPOTENCY_MISMATCH' }));
    if (result.status === 'failed') throw new PaymentDeclinedError(result);
    return result;
  }

  async cancel(request: CancelRequest): Promise<CancelResult> {
    if (request.amount === undefined) return toCancelResult(await this.sendCancel({ merchant_uid: request.merchantUid, reason: request.reason }));
    // a partial cancel carries the balance it expects (checksum), so a retry after a lost answer cannot refund twice
    const before = await this.find(request.merchantUid);
    if (!before) throw new EngineError('PAYMENT_NOT_FOUND', `no payment ${request.merchantUid} at the gateway`);
    const remaining = before.amount - (before.cancelledAmount ?? 0);
    try {
      return toCancelResult(await this.sendCancel({ merchant_uid: request.merchantUid, amount: request.amount, reason: request.reason, checksum: remaining }));
    } catch (err) {
      const after = err instanceof EngineError && err.code === 'PAYMENT_NOT_CANCELLABLE' ? await this.find(request.merchantUid) : undefined;
      // the balance moved by exactly this cancel: an earlier attempt of ours went through
      if (after && after.amount - (after.cancelledAmount ?? 0) === remaining - request.amount) {
        return { merchantUid: after.merchantUid, cancelledAmount: after.cancelledAmount ?? 0, remainingAmount: remaining - request.amount };
      }
      throw err;
    }
  }

  async find(merchantUid: string): Promise<PaymentResult | undefined> {
    const answer = await this.exchange<PortOnePayment>({ method: 'GET', path: portOnePaths.find(merchantUid) });
    if (answer.status === 404) return undefined;
    return toPaymentResult(responseOf(answer, 'the lookup', {}));
  }

  async issueBillingKey(request: BillingKeyRequest): Promise<void> {
    const body: PortOneBillingKeyRequest = { card_number: request.cardNumber, expiry: request.expiry, birth: request.birth, pwd_2digit: request.pwd2digit };
    // safe to retry: registering under the same customer_uid again replaces the card it holds
    const answer = await this.exchange<PortOneBillingKey>({ method: 'POST', path: portOnePaths.billingKey(request.billingKey), body });
    responseOf(answer, 'the card', cardRefusals);
  }

  async deleteBillingKey(billingKey: string): Promise<void> {
    const answer = await this.exchange<PortOneBillingKey>({ method: 'DELETE', path: portOnePaths.billingKey(billingKey) });
    if (answer.status !== 404) responseOf(answer, 'the billing key removal', {});
  }

  private async sendCancel(body: PortOneCancelRequest): Promise<PortOnePayment> {
    const answer = await this.exchange<PortOnePayment>({ method: 'POST', path: portOnePaths.cancel, body });
    return responseOf(answer, 'the cancel', { 404: 'PAYMENT_NOT_FOUND', 409: 'PAYMENT_NOT_CANCELLABLE' });
  }

  /** One resilient call with a valid access token; a refused token (the gateway restarted) is renewed once. */
  private exchange<T>(request: Omit<GatewayRequest, 'signal' | 'token'>): Promise<GatewayAnswer<T>> {
    return this.caller.call(async (signal) => {
      const token = await this.tokens.get();
      const answer = await gatewayRequest<T>(this.connection, { ...request, token, signal });
      if (answer.status !== 401) return answer;
      this.tokens.invalidate(token);
      return gatewayRequest<T>(this.connection, { ...request, token: await this.tokens.get(), signal });
    });
  }

  /** Shared by concurrent callers, so it carries its own timeout rather than one caller's signal. */
  private async requestToken(): Promise<PortOneToken> {
    const answer = await gatewayRequest<PortOneToken>(this.connection, {
      method: 'POST',
      path: portOnePaths.getToken,
      body: { imp_key: this.config.apiKey, imp_secret: this.config.apiSecret },
      signal: AbortSignal.timeout(this.config.timeoutMs),
    });
    const token = answer.envelope.response;
    if (answer.status === 200 && answer.envelope.code === 0 && token) return token;
    throw new EngineError('PAYMENT_GATEWAY_REJECTED', `payment gateway refused the API key: ${answer.envelope.message ?? `HTTP ${answer.status}`}`);
  }
}

/** One gateway (and one circuit breaker) per process: create it once at start-up. */
export function createPaymentGateway(config: PaymentConfig): PortOneGateway {
  const caller = new RemoteCaller(PAYMENT_TARGET, { timeoutMs: config.timeoutMs, retry: config.retry, breaker: config.breaker });
  return new PortOneGateway(config, caller);
}
