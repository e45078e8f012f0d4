-- Moderation and administration (issue 18 part 6).
-- Seller approval: a seller's items reach SALES only once an admin approved the seller. Sellers that
-- existed before this migration were selling already and stay approved; the platform (INTERNAL) seller
-- is approved at creation. Owned by engine/catalog/seller-store.ts.
ALTER TABLE sellers ADD COLUMN approval text NOT NULL DEFAULT 'PENDING' CHECK (approval IN ('PENDING', 'APPROVED', 'REJECTED'));
ALTER TABLE sellers ADD COLUMN approval_reason text;
ALTER TABLE sellers ADD COLUMN approval_decided_at timestamptz;
UPDATE sellers SET approval = 'APPROVED', approval_decided_at = now();

-- Every administration action, written in the same transaction as the action itself. actor_id NULL:
-- the admin:create script (no signed-in admin). target names the entity (`seller:12`, `order:<uuid>`).
-- Owned by engine/admin/admin-audit.ts.
CREATE TABLE admin_audit (
  id       bigserial   PRIMARY KEY,
  actor_id bigint,
  action   text        NOT NULL,
  target   text        NOT NULL,
  reason   text,
  detail   jsonb       NOT NULL DEFAULT '{}',
  at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX admin_audit_target_idx ON admin_audit (target, id);
