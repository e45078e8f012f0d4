-- Auth: accounts, RBAC (users, roles, permissions, user_roles, role_permissions), seller profiles,
-- refresh-token families, service clients, terms and their acceptance.

CREATE TABLE roles (
  id   smallint PRIMARY KEY,
  name text NOT NULL UNIQUE
);

CREATE TABLE permissions (
  id   smallint PRIMARY KEY,
  name text NOT NULL UNIQUE
);

CREATE TABLE role_permissions (
  role_id       smallint NOT NULL REFERENCES roles (id),
  permission_id smallint NOT NULL REFERENCES permissions (id),
  PRIMARY KEY (role_id, permission_id)
);

CREATE TABLE users (
  id            bigserial PRIMARY KEY,
  email         text NOT NULL,           -- stored lower-cased
  password_hash text,                    -- NULL for service accounts (they authenticate by client secret)
  name          text NOT NULL,
  phone         text,
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deleted')),
  version       integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz
);
-- a deleted account keeps its row (soft delete) but frees its email
CREATE UNIQUE INDEX users_active_email ON users (email) WHERE status = 'active';

CREATE TABLE user_roles (
  user_id bigint   NOT NULL REFERENCES users (id),
  role_id smallint NOT NULL REFERENCES roles (id),
  PRIMARY KEY (user_id, role_id)
);

-- Static separation of duty: buyer and seller are different accounts.
CREATE FUNCTION user_roles_separation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM users WHERE id = NEW.user_id FOR UPDATE; -- serializes concurrent grants to one user
  IF EXISTS (
    SELECT 1 FROM user_roles ur JOIN roles held ON held.id = ur.role_id JOIN roles wanted ON wanted.id = NEW.role_id
    WHERE ur.user_id = NEW.user_id AND ARRAY[held.name, wanted.name] @> ARRAY['buyer', 'seller']
  ) THEN
    RAISE EXCEPTION 'buyer and seller roles are mutually exclusive' USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER user_roles_separation BEFORE INSERT OR UPDATE ON user_roles FOR EACH ROW EXECUTE FUNCTION user_roles_separation();

-- The business registration of a seller account (the catalog's `sellers` table is the selling organisation).
CREATE TABLE seller_profiles (
  user_id         bigint PRIMARY KEY REFERENCES users (id),
  business_name   text NOT NULL,
  business_type   text NOT NULL CHECK (business_type IN ('BRAND_OWNER', 'CONSIGNMENT', 'WHOLESALE', 'OVERSEAS_DIRECT')),
  business_number text
);

-- One family per login; every refresh rotates inside the family. Reuse of a rotated token revokes the family.
CREATE TABLE refresh_token_families (
  id            uuid PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  revoke_reason text
);
CREATE INDEX refresh_token_families_live ON refresh_token_families (user_id) WHERE revoked_at IS NULL;

-- Only the SHA-256 of a refresh token is stored.
CREATE TABLE refresh_tokens (
  token_hash bytea PRIMARY KEY,
  family_id  uuid NOT NULL REFERENCES refresh_token_families (id),
  status     text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'rotated')),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE service_clients (
  client_id   text PRIMARY KEY,
  user_id     bigint NOT NULL UNIQUE REFERENCES users (id),
  secret_hash text NOT NULL,
  scopes      text[] NOT NULL,
  disabled    boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE policies (
  kind         text NOT NULL CHECK (kind IN ('terms', 'seller', 'review', 'youth', 'privacy')),
  version      integer NOT NULL,
  title        text NOT NULL,
  body         text NOT NULL,
  required_for text[] NOT NULL DEFAULT '{}', -- account types that must accept this version to register
  published_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, version)
);

CREATE TABLE policy_acceptances (
  user_id     bigint NOT NULL REFERENCES users (id),
  kind        text NOT NULL,
  version     integer NOT NULL,
  accepted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind, version),
  FOREIGN KEY (kind, version) REFERENCES policies (kind, version)
);

INSERT INTO roles (id, name) VALUES (1, 'buyer'), (2, 'seller'), (3, 'admin'), (4, 'service');
INSERT INTO permissions (id, name) VALUES
  (1, 'sale:create'), (2, 'item:write'), (3, 'category:write'), (4, 'order:read:own'), (5, 'order:read:any'),
  (6, 'order:create'), (7, 'order:intake'), (8, 'payment:write'), (9, 'client:write'), (10, 'key:rotate');
-- must equal rolePermissions in engine/auth/permissions.ts (test/auth/rbac-tables.integration.test.ts)
INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id FROM (VALUES
  ('buyer', 'order:create'), ('buyer', 'order:read:own'),
  ('seller', 'item:write'), ('seller', 'order:read:own'),
  ('admin', 'sale:create'), ('admin', 'item:write'), ('admin', 'category:write'), ('admin', 'order:read:any'),
  ('admin', 'client:write'), ('admin', 'key:rotate')
) AS g (role, permission) JOIN roles r ON r.name = g.role JOIN permissions p ON p.name = g.permission;

INSERT INTO policies (kind, version, title, body, required_for) VALUES
  ('terms', 1, 'Gopang terms of use', 'These terms govern the use of the Gopang marketplace by buyers and sellers.', '{buyer,seller}'),
  ('privacy', 1, 'Privacy policy', 'What personal data Gopang collects, why, and how long it is kept.', '{buyer,seller}'),
  ('seller', 1, 'Seller terms', 'Terms for selling on Gopang: listings, settlement, shipping and returns.', '{seller}'),
  ('review', 1, 'Review policy', 'Reviews must describe a real purchase; paid or abusive reviews are removed.', '{}'),
  ('youth', 1, 'Youth protection policy', 'How Gopang keeps age-restricted goods away from minors.', '{}');
