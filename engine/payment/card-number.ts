// What can be told from a card number alone: whether its check digit is right (Luhn), its brand from
// the issuer prefix, its last four digits; and whether an expiry month has passed. Shared by the
// payment-method use case (which refuses a bad card before calling the gateway) and the fake gateway.

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'unknown';

/** Luhn (mod 10): catches every single-digit typo and most swaps of neighbours. */
export function hasValidCheckDigit(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, doubled = false; i >= 0; i--, doubled = !doubled) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (doubled && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** visa 4; mastercard 51-55 and 2221-2720; amex 34, 37; anything else unknown. */
export function cardBrand(digits: string): CardBrand {
  if (digits.startsWith('4')) return 'visa';
  const two = Number(digits.slice(0, 2));
  if (two === 34 || two === 37) return 'amex';
  const four = Number(digits.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  return 'unknown';
}

export function lastFour(digits: string): string {
  return digits.slice(-4);
}

/** An expiry `YYYY-MM` is good through the end of that month (UTC). */
export function hasExpired(expiry: string, now: Date = new Date()): boolean {
  const current = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  return expiry < current;
}
