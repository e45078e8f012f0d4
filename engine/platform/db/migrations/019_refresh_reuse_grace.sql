-- Refresh-token reuse grace (AUTH_REFRESH_REUSE_GRACE_SEC): a rotated token remembers when it was
-- rotated and its child, so a concurrent or retried refresh with it shortly after gets the same child
-- instead of revoking the family. The child is kept sealed with a key only the rotated token yields
-- (engine/auth/refresh-successor.ts): this table alone still gives no usable token.
ALTER TABLE refresh_tokens
  ADD COLUMN rotated_at       timestamptz,
  ADD COLUMN successor_hash   bytea,
  ADD COLUMN successor_sealed bytea;
