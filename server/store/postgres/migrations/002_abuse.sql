-- Holding up against abuse (as SQLite's 002): token expiry and town scope, sign-in back-off and
-- lock, supports' network and confirmation, e-mail confirmations, indexes for the clean-up.
ALTER TABLE residents ADD COLUMN city TEXT;
ALTER TABLE residents ADD COLUMN expires_at TEXT;
ALTER TABLE residents ADD COLUMN email TEXT;
ALTER TABLE residents ADD COLUMN email_confirmed_at TEXT;

CREATE TABLE login_attempts (
  login            TEXT PRIMARY KEY,          -- lower-cased
  failures         INTEGER NOT NULL,
  last_failure_ms  BIGINT NOT NULL,
  locked           BOOLEAN NOT NULL DEFAULT FALSE
);

ALTER TABLE supports ADD COLUMN network TEXT;
ALTER TABLE proposals ADD COLUMN supports_confirmed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE supports ADD COLUMN confirmed BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX supports_recent ON supports(proposal_id, created_at);

CREATE TABLE email_confirmations (
  token_hash   TEXT PRIMARY KEY,
  resident_id  TEXT NOT NULL REFERENCES residents(id),
  email        TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
);

CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE INDEX rate_limits_window ON rate_limits(window_start);
