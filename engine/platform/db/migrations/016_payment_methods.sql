-- Payment methods (issue 14): a buyer's registered cards. The card number goes to the payment gateway
-- once, at registration, and is never stored: a row keeps the billing key the gateway charges
-- (card_token, our customer_uid at the gateway) and what the buyer needs to recognise the card.
-- Owned by engine/payment/payment-method-rows.ts.
CREATE TABLE payment_methods (
  id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    bigint      NOT NULL,
  card_token text        NOT NULL UNIQUE,
  last4      text        NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
  brand      text        NOT NULL CHECK (brand IN ('visa', 'mastercard', 'amex', 'unknown')),
  expiry     text        NOT NULL CHECK (expiry ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_methods_user_idx ON payment_methods (user_id, created_at);
