// The fake gateway's billing keys (PortOne's "customers"): a card is checked as an issuer would (check
// digit, expiry, birth and password shapes, the documented refused test card) and registered under the
// customer_uid the merchant chose; only its last four digits and how it pays are kept, never the number.
import { createHash } from 'node:crypto';
import type { PortOneBillingKey, PortOneBillingKeyRequest } from '../portone-wire.js';
import { cardBrand, hasExpired, hasValidCheckDigit, lastFour } from '../card-number.js';

/** Test cards (docs/payments.md): any other valid number registers and pays. */
export const TEST_CARDS = {
  /** registers; every payment with its billing key is declined */
  alwaysDeclines: '4000000000000002',
  /** refused at registration: the issuer says the details do not match */
  refusedAtRegistration: '4000000000000127',
} as const;

/** How a payment with a card token goes: with the card's last four digits, declined for this reason or not. */
export interface CardOnFile {
  last4: string;
  declineReason?: string;
}

export type BillingKeyAnswer = { ok: true; billingKey: PortOneBillingKey } | { ok: false; status: 404 | 422; message: string };

export interface BillingKeyStats {
  billingKeysIssued: number;
  billingKeysDeleted: number;
  cardsRefused: number;
}

const seconds = (ms: number) => Math.floor(ms / 1000);
export const ISSUER_DECLINE = 'card declined by the issuer';

/** The last four digits of an opaque token: its trailing digits when it has four, else derived. */
function lastFourOfToken(cardToken: string): string {
  const trailing = /(\d{4})$/.exec(cardToken);
  if (trailing) return trailing[1];
  return String(createHash('sha256').update(cardToken).digest().readUInt16BE(0) % 10_000).padStart(4, '0');
}
const BRAND_NAMES = { visa: 'VISA', mastercard: 'MASTERCARD', amex: 'AMEX', unknown: 'CARD' } as const;

function refusalOf(card: PortOneBillingKeyRequest, now: Date): string | undefined {
  if (!/^[0-9]{13,19}$/.test(card.card_number) || !hasValidCheckDigit(card.card_number)) return 'the card number is not valid';
  if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(card.expiry) || hasExpired(card.expiry, now)) return 'the card has expired';
  if (!/^[0-9]{6}$/.test(card.birth)) return 'birth must be 6 digits (YYMMDD)';
  if (!/^[0-9]{2}$/.test(card.pwd_2digit)) return 'pwd_2digit must be 2 digits';
  if (card.card_number === TEST_CARDS.refusedAtRegistration) return 'the card details do not match the issuer\'s records';
  return undefined;
}

export class BillingKeys {
  private readonly keys = new Map<string, { billingKey: PortOneBillingKey; declines: boolean }>();
  /** removed keys are remembered, so a payment with one is declined rather than treated as an unknown token */
  private readonly deleted = new Set<string>();
  readonly stats: BillingKeyStats = { billingKeysIssued: 0, billingKeysDeleted: 0, cardsRefused: 0 };

  /** Registers (or re-registers) the card under `customerUid`. */
  register(customerUid: string, card: PortOneBillingKeyRequest, nowMs = Date.now()): BillingKeyAnswer {
    const refusal = refusalOf(card, new Date(nowMs));
    if (refusal) {
      this.stats.cardsRefused++;
      return { ok: false, status: 422, message: refusal };
    }
    const existing = this.keys.get(customerUid)?.billingKey;
    const billingKey: PortOneBillingKey = {
      customer_uid: customerUid,
      card_name: BRAND_NAMES[cardBrand(card.card_number)],
      card_number: `************${lastFour(card.card_number)}`,
      inserted: existing?.inserted ?? seconds(nowMs),
      updated: seconds(nowMs),
    };
    this.keys.set(customerUid, { billingKey, declines: card.card_number === TEST_CARDS.alwaysDeclines });
    this.deleted.delete(customerUid);
    if (!existing) this.stats.billingKeysIssued++;
    return { ok: true, billingKey };
  }

  remove(customerUid: string): BillingKeyAnswer {
    const known = this.keys.get(customerUid);
    if (!known) return { ok: false, status: 404, message: 'no billing key with this customer_uid' };
    this.keys.delete(customerUid);
    this.deleted.add(customerUid);
    this.stats.billingKeysDeleted++;
    return { ok: true, billingKey: known.billingKey };
  }

  /**
   * The card behind a card token. A token this gateway never issued (tests and benches send opaque ones)
   * pays with its trailing digits as the last four, and is declined when it contains "decline".
   */
  cardOf(cardToken: string): CardOnFile {
    const known = this.keys.get(cardToken);
    if (known) return { last4: known.billingKey.card_number.slice(-4), declineReason: known.declines ? ISSUER_DECLINE : undefined };
    if (this.deleted.has(cardToken)) return { last4: lastFourOfToken(cardToken), declineReason: 'the billing key was deleted' };
    return { last4: lastFourOfToken(cardToken), declineReason: cardToken.includes('decline') ? ISSUER_DECLINE : undefined };
  }
}
