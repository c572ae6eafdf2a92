-- Counters that concurrent writes do not queue on. The per-district, per-cell and per-day counts
-- (migrations 005, 007, 025) are kept in the write's own transaction, so the row a write adds to
-- stays locked until that write's commit is flushed to disk: every new tree in one district
-- waited for the previous one's fsync (one commit per flush, whatever the pool size).
--
-- Now a key's count is the sum of up to 16 rows (slot 0 to 15). A write claims slot 0 when no
-- other transaction has, else the first free slot of its own order (by backend pid), else waits
-- on the last one tried; the claim is a transaction-level advisory lock on (table, key, slot),
-- tried without waiting (in memory: no WAL, no extra row lock). The same transaction, the same
-- exact counts; readers already SUM per key.
ALTER TABLE district_counts ADD COLUMN slot SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE district_counts DROP CONSTRAINT district_counts_pkey, ADD PRIMARY KEY (city, kind, district, status, slot);
ALTER TABLE proposal_cells ADD COLUMN slot SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE proposal_cells DROP CONSTRAINT proposal_cells_pkey, ADD PRIMARY KEY (city, cx, cy, kind, status, slot);
ALTER TABLE district_counts_daily ADD COLUMN slot SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE district_counts_daily DROP CONSTRAINT district_counts_daily_pkey, ADD PRIMARY KEY (city, day, kind, district, status, slot);
ALTER TABLE district_counts_monthly ADD COLUMN slot SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE district_counts_monthly DROP CONSTRAINT district_counts_monthly_pkey, ADD PRIMARY KEY (city, month, kind, district, status, slot);

-- The i-th slot a backend tries: 0 first, then its own order through 1..15.
CREATE FUNCTION kp_counter_slot(i int) RETURNS smallint LANGUAGE sql STABLE AS $$
  SELECT (CASE WHEN i = 0 THEN 0 ELSE 1 + (pg_backend_pid() + i) % 15 END)::smallint
$$;

-- The slot of a counter key (its text, table included) this transaction adds to: the first one
-- it can claim at once, else the last one tried (whose holder it then waits for, as before).
CREATE FUNCTION kp_claim_slot(key TEXT) RETURNS smallint LANGUAGE plpgsql AS $$
DECLARE s smallint;
BEGIN
  FOR i IN 0 .. 15 LOOP
    s := kp_counter_slot(i);
    EXIT WHEN pg_try_advisory_xact_lock(hashtextextended(key, s));
  END LOOP;
  RETURN s;
END $$;

CREATE FUNCTION district_counts_add(c TEXT, k TEXT, d TEXT, st TEXT, dp BIGINT, du BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE s smallint;
BEGIN
  s := kp_claim_slot(format('district_counts/%s/%s/%s/%s', c, k, d, st));
  INSERT INTO district_counts (city, kind, district, status, slot, proposals, units) VALUES (c, k, d, st, s, dp, du)
    ON CONFLICT (city, kind, district, status, slot) DO UPDATE SET proposals = district_counts.proposals + EXCLUDED.proposals, units = district_counts.units + EXCLUDED.units;
END $$;

CREATE OR REPLACE FUNCTION district_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.district IS NOT NULL THEN
    PERFORM district_counts_add(OLD.city, OLD.kind, OLD.district, OLD.status, -1, -OLD.count);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.district IS NOT NULL THEN
    PERFORM district_counts_add(NEW.city, NEW.kind, NEW.district, NEW.status, 1, NEW.count);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION proposal_cells_add(c TEXT, k TEXT, st TEXT, x BIGINT, y BIGINT, dn BIGINT, dlon float8, dlat float8) RETURNS void LANGUAGE plpgsql AS $$
DECLARE s smallint;
BEGIN
  s := kp_claim_slot(format('proposal_cells/%s/%s/%s/%s/%s', c, x, y, k, st));
  INSERT INTO proposal_cells (city, kind, status, cx, cy, slot, n, sum_lon, sum_lat) VALUES (c, k, st, x, y, s, dn, dlon, dlat)
    ON CONFLICT (city, cx, cy, kind, status, slot) DO UPDATE SET n = proposal_cells.n + EXCLUDED.n,
      sum_lon = proposal_cells.sum_lon + EXCLUDED.sum_lon, sum_lat = proposal_cells.sum_lat + EXCLUDED.sum_lat;
END $$;

CREATE OR REPLACE FUNCTION proposal_cells_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM proposal_cells_add(OLD.city, OLD.kind, OLD.status, kp_cell_x(OLD.lon), kp_cell_y(OLD.lat), -1, -OLD.lon, -OLD.lat);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM proposal_cells_add(NEW.city, NEW.kind, NEW.status, kp_cell_x(NEW.lon), kp_cell_y(NEW.lat), 1, NEW.lon, NEW.lat);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION district_counts_daily_add(c TEXT, d TEXT, k TEXT, dist TEXT, st TEXT, u BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE s smallint;
BEGIN
  s := kp_claim_slot(format('district_counts_daily/%s/%s/%s/%s/%s', c, d, k, dist, st));
  INSERT INTO district_counts_daily (city, day, kind, district, status, slot, units) VALUES (c, d, k, dist, st, s, u)
    ON CONFLICT (city, day, kind, district, status, slot) DO UPDATE SET units = district_counts_daily.units + EXCLUDED.units;
  s := kp_claim_slot(format('district_counts_monthly/%s/%s/%s/%s/%s', c, substr(d, 1, 7), k, dist, st));
  INSERT INTO district_counts_monthly (city, month, kind, district, status, slot, units) VALUES (c, substr(d, 1, 7), k, dist, st, s, u)
    ON CONFLICT (city, month, kind, district, status, slot) DO UPDATE SET units = district_counts_monthly.units + EXCLUDED.units;
END $$;
