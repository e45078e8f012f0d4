// Wire shapes of the PortOne-style REST API (v1), shared by the adapter and the local fake gateway.
// Every answer is an envelope: code 0 with a response, or a non-zero code with a message.

export interface PortOneEnvelope<T> {
  code: number;
  message: string | null;
  response: T | null;
}

export interface PortOneToken {
  access_token: string;
  /** unix seconds, the gateway's clock */
  now: number;
  expired_at: number;
}

export interface PortOnePayRequest {
  merchant_uid: string;
  amount: number;
  /** an opaque card token (billing key style); a card number is refused */
  card_token: string;
  name: string;
  customer_id?: string;
}

export interface PortOneCancelRequest {
  merchant_uid: string;
  /** omitted: everything that remains */
  amount?: number;
  reason: string;
  /** what the caller believes remains before this cancel; a mismatch refuses it (a retried partial cancel applies once) */
  checksum?: number;
}

/** `POST /subscribe/customers/{customer_uid}`: registers a card under a billing key we choose (customer_uid). */
export interface PortOneBillingKeyRequest {
  /** digits only; sent once to the gateway and never kept by us */
  card_number: string;
  /** YYYY-MM */
  expiry: string;
  /** the holder's birth date YYMMDD */
  birth: string;
  /** the first two digits of the card password */
  pwd_2digit: string;
}

export interface PortOneBillingKey {
  customer_uid: string;
  /** the issuer's name for the card */
  card_name: string;
  /** masked: only the last four digits are real */
  card_number: string;
  /** unix seconds */
  inserted: number;
  updated: number;
}

export interface PortOneCancelHistory {
  pg_tid: string;
  amount: number;
  cancelled_at: number;
  reason: string;
}

export type PortOnePaymentStatus = 'paid' | 'failed' | 'cancelled';

export interface PortOnePayment {
  imp_uid: string;
  merchant_uid: string;
  pay_method: 'card';
  currency: 'KRW';
  name: string;
  /** original amount; what remains is amount - cancel_amount */
  amount: number;
  cancel_amount: number;
  status: PortOnePaymentStatus;
  /** masked: only the last four digits are real */
  card_number: string;
  customer_id: string | null;
  paid_at: number;
  failed_at: number;
  cancelled_at: number;
  fail_reason: string | null;
  cancel_history: PortOneCancelHistory[];
  receipt_url: string;
}

/** Envelope codes: 0 success; -1 transient or authentication failure; 1 a refused request. */
export const PORTONE_OK = 0;
export const PORTONE_FAILURE = -1;
export const PORTONE_REFUSED = 1;

export const portOnePaths = {
  getToken: '/users/getToken',
  pay: '/subscribe/payments/onetime',
  cancel: '/payments/cancel',
  findPrefix: '/payments/find/',
  find: (merchantUid: string) => `/payments/find/${encodeURIComponent(merchantUid)}`,
  billingKeyPrefix: '/subscribe/customers/',
  billingKey: (customerUid: string) => `/subscribe/customers/${encodeURIComponent(customerUid)}`,
} as const;
