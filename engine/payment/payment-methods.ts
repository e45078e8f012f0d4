// A buyer's payment methods: register a card, list them, remove one. A card is checked here (check
// digit, expiry) before the gateway is asked, registered at the gateway under a billing key we generate,
// and kept by that key only: the card number passes through to the gateway and is dropped. Orders pay
// with the billing key as their cardToken.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { log } from '../platform/log.js';
import { cardBrand, hasExpired, hasValidCheckDigit, lastFour } from './card-number.js';
import type { BillingKeyGateway, CardDetails } from './payment-gateway.js';
import type { Page } from '../platform/db/keyset-page.js';
import {
  countPaymentMethods, deletePaymentMethodRow, insertPaymentMethodWithinCap, paymentMethodOf, paymentMethodsOf, type PaymentMethod,
} from './payment-method-rows.js';

export interface PaymentMethodDeps {
  db: pg.Pool;
  gateway: BillingKeyGateway;
  maxPerUser: number;
}

/** `bk_` + 24 base64url characters: 144 random bits, so a billing key cannot be guessed. */
export function newBillingKey(): string {
  return `bk_${randomBytes(18).toString('base64url')}`;
}

const limitReached = (max: number) => new EngineError('PAYMENT_METHOD_LIMIT', `at most ${max} payment methods per user; remove one first`);

/** A billing key registered at the gateway but not kept by us must not stay chargeable; a failure here only leaves an unreachable key. */
async function forgetBillingKey(gateway: BillingKeyGateway, billingKey: string): Promise<void> {
  await gateway.deleteBillingKey(billingKey).catch((err: unknown) => {
    // the error's message names the key: log its code only
    log('warn', 'an unused billing key could not be removed at the gateway', { code: err instanceof EngineError ? err.code : String((err as Error)?.name) });
  });
}

export async function registerPaymentMethod(deps: PaymentMethodDeps, userId: number, card: CardDetails): Promise<PaymentMethod> {
  if (!hasValidCheckDigit(card.cardNumber)) throw new EngineError('CARD_INVALID', 'the card number is not valid (wrong check digit)');
  if (hasExpired(card.expiry)) throw new EngineError('CARD_INVALID', `the card has expired (${card.expiry})`);
  // cheap early refusal; the insert below is what holds the cap under concurrency
  if ((await countPaymentMethods(deps.db, userId)) >= deps.maxPerUser) throw limitReached(deps.maxPerUser);
  const cardToken = newBillingKey();
  await deps.gateway.issueBillingKey({ billingKey: cardToken, ...card });
  const method = { userId, cardToken, last4: lastFour(card.cardNumber), brand: cardBrand(card.cardNumber), expiry: card.expiry };
  const stored = await insertPaymentMethodWithinCap(deps.db, method, deps.maxPerUser).catch(async (err: unknown) => {
    await forgetBillingKey(deps.gateway, cardToken);
    throw err;
  });
  if (stored) return stored;
  await forgetBillingKey(deps.gateway, cardToken);
  throw limitReached(deps.maxPerUser);
}

export function listPaymentMethods(db: pg.Pool, userId: number, limit: number, after?: number): Promise<Page<PaymentMethod>> {
  return paymentMethodsOf(db, userId, limit, after);
}

/** Someone else's method is simply not found. */
export async function removePaymentMethod(deps: PaymentMethodDeps, userId: number, id: number): Promise<void> {
  const method = await paymentMethodOf(deps.db, userId, id);
  if (!method) throw new EngineError('NOT_FOUND', 'no such payment method');
  // the gateway first: if it fails the method stays listed and the removal can be retried; the reverse
  // order could leave a key that still charges with no row to remove it by
  await deps.gateway.deleteBillingKey(method.cardToken);
  if (!(await deletePaymentMethodRow(deps.db, userId, id))) throw new EngineError('NOT_FOUND', 'no such payment method');
}
