-- Holding up against abuse: residents' tokens expire and are scoped to a town, sign-ins back
-- off and lock, supports remember the network they came from and whether the supporter's
-- e-mail was confirmed, and e-mail confirmations wait for their link to be opened.
ALTER TABLE residents ADD COLUMN city TEXT;
ALTER TABLE residents ADD COLUMN expires_at TEXT;
ALTER TABLE residents ADD COLUMN email TEXT;
ALTER TABLE residents ADD COLUMN email_confirmed_at TEXT;

CREATE TABLE login_attempts (
  login            TEXT PRIMARY KEY COLLATE NOCASE,
  failures         INTEGER NOT NULL,
  last_failure_ms  INTEGER NOT NULL,
  locked           INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

ALTER TABLE supports ADD COLUMN network TEXT;
ALTER TABLE proposals ADD COLUMN supports_confirmed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE supports ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX supports_recent ON supports(proposal_id, created_at);

CREATE TABLE email_confirmations (
  token_hash   TEXT PRIMARY KEY,
  resident_id  TEXT NOT NULL REFERENCES residents(id),
  email        TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE INDEX rate_limits_window ON rate_limits(window_start);
