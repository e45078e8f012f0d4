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
  pay(request: PaymentRequest): Promise<PaymentResult>;
  /** idempotent: cancelling what is already cancelled answers the same totals */
  cancel(request: CancelRequest): Promise<CancelResult>;
  /** the payment as the gateway knows it (reconciliation after a timeout), or undefined */
  find(merchantUid: string): Promise<PaymentResult | undefined>;
}
