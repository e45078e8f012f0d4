-- A payment given up after retryable failures (timeouts) is ambiguous: the charge may still land. Until
-- reconcile_until the compensation keeps asking the gateway (find by merchant_uid) instead of taking
-- "no such payment" as final (issue 15, finding 5).
ALTER TABLE shop_orders ADD COLUMN reconcile_until timestamptz;
