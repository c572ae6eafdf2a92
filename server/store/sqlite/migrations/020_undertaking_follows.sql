-- Residents following an undertaking (issue 17): one row per follower and undertaking, with
-- when they last looked at what is new (the count of updates since is worked out from the log).
CREATE TABLE undertaking_follows (
  city         TEXT NOT NULL,
  follower     TEXT NOT NULL,
  undertaking  TEXT NOT NULL,
  followed_at  TEXT NOT NULL,
  seen_at      TEXT NOT NULL,
  PRIMARY KEY (city, follower, undertaking)
);
