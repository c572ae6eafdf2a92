-- Where the district counts stood on a past date (issue 17: indicators and the yearly report
-- for a date): per city, day, kind, district and status, the change in units that day, kept from
-- the proposals' history (each event's move from one status to another, and count edits) by a
-- trigger in the write's own transaction. The counts at the end of day D are the sum of the rows
-- up to D (the months before D's own from district_counts_monthly, then D's month's days): range
-- reads of the keys, never a scan of proposals.
CREATE TABLE district_counts_daily (
  city      TEXT NOT NULL,
  day       TEXT NOT NULL,
  kind      TEXT NOT NULL,
  district  TEXT NOT NULL,
  status    TEXT NOT NULL,
  units     BIGINT NOT NULL,
  PRIMARY KEY (city, day, kind, district, status)
);

-- The same changes summed per month (month = YYYY-MM), so a date years on reads the months before
-- its own and the days of its own month: a few thousand rows at most, however long the history.
CREATE TABLE district_counts_monthly (
  city      TEXT NOT NULL,
  month     TEXT NOT NULL,
  kind      TEXT NOT NULL,
  district  TEXT NOT NULL,
  status    TEXT NOT NULL,
  units     BIGINT NOT NULL,
  PRIMARY KEY (city, month, kind, district, status)
);

-- From the history already written. A move counts the proposal's units as they were then: its
-- count now less the count edits made after the move. (Tests rerun the lines between the markers.)
-- <backfill>
WITH ev AS (
  SELECT p.city, substr(e.at, 1, 10) AS day, p.kind, p.district, e.from_status, e.to_status,
    CASE WHEN e.from_status IS NOT DISTINCT FROM e.to_status
      THEN COALESCE((e.changes->'count'->>1)::bigint - (e.changes->'count'->>0)::bigint, 0)
      ELSE p.count - COALESCE((SELECT SUM((x.changes->'count'->>1)::bigint - (x.changes->'count'->>0)::bigint)
        FROM proposal_events x WHERE x.proposal_id = e.proposal_id AND x.seq > e.seq AND x.from_status IS NOT DISTINCT FROM x.to_status), 0)
    END AS units
  FROM proposal_events e JOIN proposals p ON p.id = e.proposal_id
  WHERE p.district IS NOT NULL AND e.to_status IS NOT NULL
)
INSERT INTO district_counts_daily (city, day, kind, district, status, units)
SELECT city, day, kind, district, status, SUM(units) FROM (
  SELECT city, day, kind, district, to_status AS status, units FROM ev
  UNION ALL
  SELECT city, day, kind, district, from_status, -units FROM ev WHERE from_status IS NOT NULL AND from_status IS DISTINCT FROM to_status
) m GROUP BY city, day, kind, district, status;
INSERT INTO district_counts_monthly (city, month, kind, district, status, units)
  SELECT city, substr(day, 1, 7), kind, district, status, SUM(units) FROM district_counts_daily GROUP BY city, substr(day, 1, 7), kind, district, status;
-- </backfill>

-- Each new event: the units leave the status it moved from and join the one it moved to (the
-- proposal's row is already written, so its count is the count at the move); an edit of the
-- count changes the units of the status it stays in.
-- Adds units to a day's and its month's changes.
CREATE FUNCTION district_counts_daily_add(c TEXT, d TEXT, k TEXT, dist TEXT, st TEXT, u BIGINT) RETURNS void LANGUAGE sql AS $$
  INSERT INTO district_counts_daily (city, day, kind, district, status, units) VALUES (c, d, k, dist, st, u)
    ON CONFLICT (city, day, kind, district, status) DO UPDATE SET units = district_counts_daily.units + EXCLUDED.units;
  INSERT INTO district_counts_monthly (city, month, kind, district, status, units) VALUES (c, substr(d, 1, 7), k, dist, st, u)
    ON CONFLICT (city, month, kind, district, status) DO UPDATE SET units = district_counts_monthly.units + EXCLUDED.units;
$$;

CREATE FUNCTION district_counts_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p RECORD;
  d TEXT := substr(NEW.at, 1, 10);
  edit BIGINT;
BEGIN
  IF NEW.to_status IS NULL THEN RETURN NULL; END IF;
  SELECT city, kind, district, count INTO p FROM proposals WHERE id = NEW.proposal_id;
  IF NOT FOUND OR p.district IS NULL THEN RETURN NULL; END IF;
  IF NEW.from_status IS NOT DISTINCT FROM NEW.to_status THEN
    edit := COALESCE((NEW.changes->'count'->>1)::bigint - (NEW.changes->'count'->>0)::bigint, 0);
    IF edit <> 0 THEN PERFORM district_counts_daily_add(p.city, d, p.kind, p.district, NEW.to_status, edit); END IF;
    RETURN NULL;
  END IF;
  IF NEW.from_status IS NOT NULL THEN PERFORM district_counts_daily_add(p.city, d, p.kind, p.district, NEW.from_status, -p.count); END IF;
  PERFORM district_counts_daily_add(p.city, d, p.kind, p.district, NEW.to_status, p.count);
  RETURN NULL;
END;
$$;

CREATE TRIGGER district_counts_daily_event AFTER INSERT ON proposal_events
  FOR EACH ROW EXECUTE FUNCTION district_counts_daily_apply();
