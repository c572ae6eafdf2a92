-- Proposals, their history and supports; residents, planner/admin accounts, sessions; audit; rate limits.
CREATE TABLE residents (
  id          TEXT PRIMARY KEY,
  nickname    TEXT NOT NULL,
  token_hash  TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL
);

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role          TEXT NOT NULL CHECK (role IN ('planner', 'admin')),
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
  id_hash     TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users(id),
  csrf_token  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE proposals (
  seq           INTEGER PRIMARY KEY,           -- rowid, also the R*Tree key
  id            TEXT NOT NULL UNIQUE,
  city          TEXT NOT NULL,
  kind          TEXT NOT NULL,
  geometry      TEXT NOT NULL,                 -- GeoJSON geometry, WGS84
  lon           REAL NOT NULL,                 -- representative point
  lat           REAL NOT NULL,
  district      TEXT,
  species       TEXT NOT NULL,
  count         INTEGER NOT NULL CHECK (count >= 1),
  note          TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'rejected', 'planted', 'withdrawn')),
  reason        TEXT,
  supports      INTEGER NOT NULL DEFAULT 0,
  author_kind   TEXT NOT NULL CHECK (author_kind IN ('resident', 'user')),
  author_id     TEXT NOT NULL,
  author_name   TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX proposals_city_status ON proposals(city, status, district);
CREATE INDEX proposals_queue ON proposals(city, status, supports DESC, seq);

CREATE VIRTUAL TABLE proposals_rtree USING rtree(seq, min_lon, max_lon, min_lat, max_lat);

CREATE TABLE proposal_events (
  seq          INTEGER PRIMARY KEY,
  proposal_id  TEXT NOT NULL REFERENCES proposals(id),
  at           TEXT NOT NULL,
  actor_kind   TEXT NOT NULL,
  actor_id     TEXT NOT NULL,
  actor_name   TEXT NOT NULL,
  action       TEXT NOT NULL,
  from_status  TEXT,
  to_status    TEXT,
  reason       TEXT,
  changes      TEXT                             -- JSON of edited fields {field: [before, after]}
);
CREATE INDEX proposal_events_proposal ON proposal_events(proposal_id, seq);

CREATE TABLE supports (
  proposal_id  TEXT NOT NULL REFERENCES proposals(id),
  resident_id  TEXT NOT NULL REFERENCES residents(id),
  created_at   TEXT NOT NULL,
  PRIMARY KEY (proposal_id, resident_id)
) WITHOUT ROWID;

CREATE TABLE audit (
  seq         INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor_kind  TEXT NOT NULL,
  actor_id    TEXT NOT NULL,
  action      TEXT NOT NULL,
  target      TEXT NOT NULL,
  details     TEXT
);

CREATE TABLE rate_limits (
  key           TEXT PRIMARY KEY,
  window_start  INTEGER NOT NULL,
  hits          INTEGER NOT NULL
) WITHOUT ROWID;
