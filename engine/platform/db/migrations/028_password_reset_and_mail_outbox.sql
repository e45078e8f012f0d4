-- Account recovery (issue 18 part 7): password-reset tokens and the mail outbox that carries them.

-- A reset token is random, single use and short-lived (AUTH_PASSWORD_RESET_TTL_SEC); only its SHA-256
-- is kept. A new request voids the user's earlier unused tokens; a confirm marks its token used in the
-- same transaction that sets the password. Owned by engine/auth/password-reset-tokens.ts.
CREATE TABLE password_reset_tokens (
  token_hash bytea       PRIMARY KEY,
  user_id    bigint      NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX password_reset_tokens_user_idx ON password_reset_tokens (user_id) WHERE used_at IS NULL;

-- Mail waiting to be sent (the outbox pattern: a message is written in the transaction that decides
-- it, and the scheduler's delivery job hands it to the configured sender). The body is dropped once
-- the message is sent, so a reset link never stays readable in the database. Owned by engine/mail/mail-outbox.ts.
CREATE TABLE mail_outbox (
  id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind       text        NOT NULL,
  recipient  text        NOT NULL,
  subject    text        NOT NULL,
  body       text,
  status     text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'FAILED')),
  attempts   integer     NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  claimed_at timestamptz,
  sent_at    timestamptz
);
CREATE INDEX mail_outbox_unsent_idx ON mail_outbox (id) WHERE status IN ('PENDING', 'SENDING');
