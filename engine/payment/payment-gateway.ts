// The payment gateway as the order saga sees it, modelled on PortOne's REST API (token, one-time
// payment by merchant_uid + amount, full or partial cancel). The adapter behind it goes through the
// resilience wrapper; errors are typed so the saga knows whether to retry, compensate or fail.

export interface PaymentRequest {
  /** our id of this payment, unique; a retried payment with the same merchant_uid pays once */
  merchantUid: string;
  amount: number;
  /** an opaque card token from the client; card numbers never reach the engine */
  cardToken: string;
  orderName: string;
  buyerId: number;
}

export interface PaymentResult {
  impUid: string;
  merchantUid: string;
  amount: number;
  status: 'paid' | 'failed';
  /** masked: the last four digits only */
  cardLast4: string;
  receiptUrl: string;
  failReason?: string;
  /** refunded so far (find after partial or full cancels); 0 or absent when nothing was cancelled */
  cancelledAmount?: number;
}

export interface CancelRequest {
  merchantUid: string;
  /** omitted: cancel everything that remains */
  amount?: number;
  reason: string;
}

export interface CancelResult {
  merchantUid: string;
  cancelledAmount: number;
  remainingAmount: number;
}

export interface PaymentGateway {
  /**
   * Pays once per merchantUid (a repeat answers the first result). Throws PaymentDeclinedError
   * (PAYMENT_DECLINED) on a decline, REMOTE_UNAVAILABLE/REMOTE_TIMEOUT when retries ran out, CIRCUIT_OPEN.
   */
  pay(request: PaymentRequest): Promise<PaymentResult>;
  /** idempotent: cancelling what is already cancelled answers the same totals */
  cancel(request: CancelRequest): Promise<CancelResult>;
  /** the payment as the gateway knows it (reconciliation after a timeout), or undefined */
  find(merchantUid: string): Promise<PaymentResult | undefined>;
}

/** A card as the buyer types it in, to register it. */
export interface CardDetails {
  /** digits only; passed through to the gateway, never stored or logged */
  cardNumber: string;
  /** YYYY-MM */
  expiry: string;
  /** the holder's birth date YYMMDD */
  birth: string;
  /** the first two digits of the card password */
  pwd2digit: string;
}

export interface BillingKeyRequest extends CardDetails {
  /** ours, random and unguessable: what orders later pay with as their cardToken */
  billingKey: string;
}

/** Card registration (PortOne's billing keys, "customers"). Kept apart from PaymentGateway: the saga never registers cards. */
export interface BillingKeyGateway {
  /**
   * Registers the card under `billingKey`; a repeat with the same key re-registers it (safe to retry).
   * Throws CARD_REJECTED when the gateway or issuer refuses the card, and the transport errors of pay.
   */
  issueBillingKey(request: BillingKeyRequest): Promise<void>;
  /** Removes the billing key so nothing can be charged with it again; an unknown key is already removed. */
  deleteBillingKey(billingKey: string): Promise<void>;
}
