// What the engine tells from a card number alone: the check digit, the brand by prefix, and whether an
// expiry month has passed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardBrand, hasExpired, hasValidCheckDigit } from '../../engine/payment/card-number.js';

describe('card numbers', () => {
  it('card numbers - the Luhn check digit catches a typo', () => {
    for (const valid of ['4242424242424242', '4000000000000002', '5555555555554444', '378282246310005', '6011111111111117']) {
      assert.equal(hasValidCheckDigit(valid), true, valid);
    }
    for (const invalid of ['4242424242424241', '4242424242424224', '', '42424242424242x2']) assert.equal(hasValidCheckDigit(invalid), false, invalid);
  });

  it('card numbers - brand by prefix', () => {
    const brands: Record<string, string> = {
      '4242424242424242': 'visa',
      '5105105105105100': 'mastercard',
      '5555555555554444': 'mastercard',
      '2221000000000009': 'mastercard',
      '2720990000000007': 'mastercard',
      '2721000000000000': 'unknown',
      '5600000000000000': 'unknown',
      '340000000000009': 'amex',
      '378282246310005': 'amex',
      '6011111111111117': 'unknown',
    };
    for (const [digits, brand] of Object.entries(brands)) assert.equal(cardBrand(digits), brand, digits);
  });

  it('card numbers - an expiry is good through the end of its month (UTC)', () => {
    const now = new Date('2026-03-31T23:59:59Z');
    assert.equal(hasExpired('2026-03', now), false);
    assert.equal(hasExpired('2026-02', now), true);
    assert.equal(hasExpired('2025-12', now), true);
    assert.equal(hasExpired('2030-01', now), false);
    assert.equal(hasExpired('2026-03', new Date('2026-04-01T00:00:00Z')), true);
  });
});
