-- OAuth 2.1 / OpenID Connect: clients registered by admins, their authorization codes, and the client
-- (and granted scopes) a refresh-token family belongs to. Families of the login API keep client_id NULL.
CREATE TABLE oauth_clients (
  client_id     text PRIMARY KEY,
  name          text NOT NULL,
  type          text NOT NULL CHECK (type IN ('public', 'confidential')),
  -- base64url SHA-256 of the secret (256 random bits, so a fast hash is enough); confidential clients only
  secret_hash   text,
  redirect_uris text[] NOT NULL,
  scopes        text[] NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((type = 'confidential') = (secret_hash IS NOT NULL))
);

-- Only the SHA-256 of a code is stored. A used code keeps its row (until purged) so that a replay can
-- revoke the family its first use started.
CREATE TABLE oauth_codes (
  code_hash      bytea PRIMARY KEY,
  client_id      text NOT NULL REFERENCES oauth_clients (client_id) ON DELETE CASCADE,
  user_id        bigint NOT NULL REFERENCES users (id),
  redirect_uri   text NOT NULL,
  scopes         text[] NOT NULL,
  nonce          text,
  code_challenge text NOT NULL,
  auth_time      timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  used_at        timestamptz,
  family_id      uuid REFERENCES refresh_token_families (id)
);
CREATE INDEX oauth_codes_expiry ON oauth_codes (expires_at);

-- no foreign key: deleting a client revokes its families, which must never turn into login-API families
ALTER TABLE refresh_token_families ADD COLUMN client_id text, ADD COLUMN scopes text[];
CREATE INDEX refresh_token_families_client ON refresh_token_families (client_id) WHERE client_id IS NOT NULL AND revoked_at IS NULL;
