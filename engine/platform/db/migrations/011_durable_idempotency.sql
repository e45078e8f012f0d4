-- Idempotency answers that survive Redis losing its data (issue 7): the key an admission came with is
-- kept on the row it became, so the counter rebuilds can restore each key's stored answer and a client
-- retrying its key after the loss hears its first answer instead of being admitted again.
-- Null on rows written before this migration.
ALTER TABLE orders ADD COLUMN idempotency_key text;
ALTER TABLE reservations ADD COLUMN idempotency_key text;
-- the request fingerprint of the stored answer: a replay with another body is still a mismatch
ALTER TABLE reservations ADD COLUMN request_print text;
