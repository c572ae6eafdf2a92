-- The same tables as the SQLite store, with PostGIS geometry (WGS84) and GiST indexes,
-- plus the districts of each city so "which district" is answered by the database.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE residents (
  id          TEXT PRIMARY KEY,
  nickname    TEXT NOT NULL,
  token_hash  TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL
);

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  login         TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('planner', 'admin')),
  password_hash TEXT NOT NULL,
  disabled      BOOLEAN NOT NULL DEFAULT FALSE,
  created_at    TEXT NOT NULL
);
-- Logins are unique whatever their case, as in SQLite's COLLATE NOCASE.
CREATE UNIQUE INDEX users_login ON users (lower(login));

CREATE TABLE sessions (
  id_hash     TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users(id),
  csrf_token  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE proposals (
  seq           BIGSERIAL PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  city          TEXT NOT NULL,
  kind          TEXT NOT NULL,
  geom          geometry(Geometry, 4326) NOT NULL,
  lon           DOUBLE PRECISION NOT NULL,      -- representative point
  lat           DOUBLE PRECISION NOT NULL,
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
CREATE INDEX proposals_geom ON proposals USING GIST (geom);
CREATE INDEX proposals_city_status ON proposals(city, status, district);
CREATE INDEX proposals_queue ON proposals(city, status, supports DESC, seq);

CREATE TABLE proposal_events (
  seq          BIGSERIAL PRIMARY KEY,
  proposal_id  TEXT NOT NULL REFERENCES proposals(id),
  at           TEXT NOT NULL,
  actor_kind   TEXT NOT NULL,
  actor_id     TEXT NOT NULL,
  actor_name   TEXT NOT NULL,
  action       TEXT NOT NULL,
  from_status  TEXT,
  to_status    TEXT,
  reason       TEXT,
  changes      JSONB
);
CREATE INDEX proposal_events_proposal ON proposal_events(proposal_id, seq);

CREATE TABLE supports (
  proposal_id  TEXT NOT NULL REFERENCES proposals(id),
  resident_id  TEXT NOT NULL REFERENCES residents(id),
  created_at   TEXT NOT NULL,
  PRIMARY KEY (proposal_id, resident_id)
);

CREATE TABLE audit (
  seq         BIGSERIAL PRIMARY KEY,
  at          TEXT NOT NULL,
  actor_kind  TEXT NOT NULL,
  actor_id    TEXT NOT NULL,
  action      TEXT NOT NULL,
  target      TEXT NOT NULL,
  details     JSONB
);

CREATE TABLE rate_limits (
  key           TEXT PRIMARY KEY,
  window_start  BIGINT NOT NULL,
  hits          INTEGER NOT NULL
);

-- Each city's districts, written from its pack at start-up.
CREATE TABLE districts (
  city  TEXT NOT NULL,
  id    TEXT NOT NULL,
  geom  geometry(MultiPolygon, 4326) NOT NULL,
  PRIMARY KEY (city, id)
);
CREATE INDEX districts_geom ON districts USING GIST (geom);
