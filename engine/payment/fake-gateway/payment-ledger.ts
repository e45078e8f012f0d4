// State of the fake gateway: issued access tokens and payments by merchant_uid. A payment is idempotent
// per merchant_uid (a repeat answers the first result and never charges twice); cancels may be partial
// and never exceed what remains. Which card pays (its last four, a forced decline) comes from billing-keys.ts.
import { randomBytes } from 'node:crypto';
import type { PortOneCancelRequest, PortOnePayRequest, PortOnePayment, PortOneToken } from '../portone-wire.js';
import { ISSUER_DECLINE, type CardOnFile } from './billing-keys.js';

export type LedgerAnswer = { ok: true; payment: PortOnePayment } | { ok: false; status: 404 | 409; message: string };

export interface LedgerStats {
  tokensIssued: number;
  /** distinct merchant_uids charged successfully */
  charges: number;
  chargedAmount: number;
  declines: number;
  /** cancel operations applied (idempotent repeats not counted) */
  cancels: number;
  cancelledAmount: number;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

export class PaymentLedger {
  private readonly tokens = new Map<string, number>();
  private readonly payments = new Map<string, PortOnePayment>();
  readonly stats: LedgerStats = { tokensIssued: 0, charges: 0, chargedAmount: 0, declines: 0, cancels: 0, cancelledAmount: 0 };

  constructor(private readonly receiptBase: string) {}

  issueToken(ttlSec: number, nowMs = Date.now()): PortOneToken {
    const accessToken = randomBytes(20).toString('hex');
    const expiresAtMs = nowMs + ttlSec * 1000;
    this.tokens.set(accessToken, expiresAtMs);
    this.stats.tokensIssued++;
    this.forgetExpiredTokens(nowMs);
    return { access_token: accessToken, now: seconds(nowMs), expired_at: seconds(expiresAtMs) };
  }

  tokenValid(token: string, nowMs = Date.now()): boolean {
    const expiresAt = this.tokens.get(token);
    return expiresAt !== undefined && expiresAt > nowMs;
  }

  /** Pays with `card` (BillingKeys.cardOf the request's token); `decline` is an injected decline. */
  pay(request: PortOnePayRequest, card: CardOnFile, decline: boolean, nowMs = Date.now()): LedgerAnswer {
    const existing = this.payments.get(request.merchant_uid);
    // like PortOne, a failed merchant_uid may be paid again (a buyer retries after a decline); any other is answered as it stands
    if (existing && existing.status !== 'failed') {
      if (existing.amount !== request.amount) return { ok: false, status: 409, message: 'merchant_uid already used with a different amount' };
      return { ok: true, payment: existing };
    }
    const failReason = card.declineReason ?? (decline ? ISSUER_DECLINE : null);
    const declined = failReason !== null;
    const impUid = `imp_${randomBytes(6).toString('hex')}`;
    const payment: PortOnePayment = {
      imp_uid: impUid,
      merchant_uid: request.merchant_uid,
      pay_method: 'card',
      currency: 'KRW',
      name: request.name,
      amount: request.amount,
      cancel_amount: 0,
      status: declined ? 'failed' : 'paid',
      card_number: `************${card.last4}`,
      customer_id: request.customer_id ?? null,
      paid_at: declined ? 0 : seconds(nowMs),
      failed_at: declined ? seconds(nowMs) : 0,
      cancelled_at: 0,
      fail_reason: failReason,
      cancel_history: [],
      receipt_url: `${this.receiptBase}/receipts/${impUid}`,
    };
    this.payments.set(request.merchant_uid, payment);
    if (declined) this.stats.declines++;
    else {
      this.stats.charges++;
      this.stats.chargedAmount += request.amount;
    }
    return { ok: true, payment };
  }

  cancel(request: PortOneCancelRequest, nowMs = Date.now()): LedgerAnswer {
    const payment = this.payments.get(request.merchant_uid);
    if (!payment) return { ok: false, status: 404, message: 'no payment with this merchant_uid' };
    if (payment.status === 'failed') return { ok: false, status: 409, message: 'the payment was not paid' };
    const remaining = payment.amount - payment.cancel_amount;
    if (request.checksum !== undefined && request.checksum !== remaining) {
      return { ok: false, status: 409, message: `checksum ${request.checksum} does not match the remaining ${remaining}` };
    }
    // a full cancel of a fully cancelled payment repeats its answer (the caller retried after a lost reply)
    if (request.amount === undefined && remaining === 0) return { ok: true, payment };
    const amount = request.amount ?? remaining;
    if (amount > remaining) return { ok: false, status: 409, message: `cancel amount ${amount} exceeds the remaining ${remaining}` };
    payment.cancel_amount += amount;
    payment.cancel_history.push({ pg_tid: `pg_${randomBytes(6).toString('hex')}`, amount, cancelled_at: seconds(nowMs), reason: request.reason });
    payment.cancelled_at = seconds(nowMs);
    if (payment.cancel_amount === payment.amount) payment.status = 'cancelled';
    this.stats.cancels++;
    this.stats.cancelledAmount += amount;
    return { ok: true, payment };
  }

  find(merchantUid: string): PortOnePayment | undefined {
    return this.payments.get(merchantUid);
  }

  private forgetExpiredTokens(nowMs: number): void {
    for (const [token, expiresAt] of this.tokens) if (expiresAt <= nowMs) this.tokens.delete(token);
  }
}
