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
  units     INTEGER NOT NULL,
  PRIMARY KEY (city, day, kind, district, status)
) WITHOUT ROWID;

-- The same changes summed per month (month = YYYY-MM), so a date years on reads the months before
-- its own and the days of its own month: a few thousand rows at most, however long the history.
CREATE TABLE district_counts_monthly (
  city      TEXT NOT NULL,
  month     TEXT NOT NULL,
  kind      TEXT NOT NULL,
  district  TEXT NOT NULL,
  status    TEXT NOT NULL,
  units     INTEGER NOT NULL,
  PRIMARY KEY (city, month, kind, district, status)
) WITHOUT ROWID;

-- From the history already written. A move counts the proposal's units as they were then: its
-- count now less the count edits made after the move. (Tests rerun the lines between the markers.)
-- <backfill>
INSERT INTO district_counts_daily (city, day, kind, district, status, units)
SELECT city, day, kind, district, status, SUM(units) FROM (
  SELECT p.city, substr(e.at, 1, 10) AS day, p.kind, p.district, e.to_status AS status,
    CASE WHEN e.from_status IS e.to_status
      THEN coalesce(json_extract(e.changes, '$.count[1]') - json_extract(e.changes, '$.count[0]'), 0)
      ELSE p.count - coalesce((SELECT SUM(json_extract(x.changes, '$.count[1]') - json_extract(x.changes, '$.count[0]'))
        FROM proposal_events x WHERE x.proposal_id = e.proposal_id AND x.seq > e.seq AND x.from_status IS x.to_status), 0)
    END AS units
  FROM proposal_events e JOIN proposals p ON p.id = e.proposal_id
  WHERE p.district IS NOT NULL AND e.to_status IS NOT NULL
  UNION ALL
  SELECT p.city, substr(e.at, 1, 10), p.kind, p.district, e.from_status,
    -(p.count - coalesce((SELECT SUM(json_extract(x.changes, '$.count[1]') - json_extract(x.changes, '$.count[0]'))
        FROM proposal_events x WHERE x.proposal_id = e.proposal_id AND x.seq > e.seq AND x.from_status IS x.to_status), 0))
  FROM proposal_events e JOIN proposals p ON p.id = e.proposal_id
  WHERE p.district IS NOT NULL AND e.from_status IS NOT NULL AND e.from_status IS NOT e.to_status
) GROUP BY city, day, kind, district, status;
INSERT INTO district_counts_monthly (city, month, kind, district, status, units)
  SELECT city, substr(day, 1, 7), kind, district, status, SUM(units) FROM district_counts_daily GROUP BY city, substr(day, 1, 7), kind, district, status;
-- </backfill>

-- Each new event: the units leave the status it moved from and join the one it moved to (the
-- proposal's row is already written, so its count is the count at the move); an edit of the
-- count changes the units of the status it stays in.
CREATE TRIGGER district_counts_daily_event AFTER INSERT ON proposal_events BEGIN
  INSERT INTO district_counts_daily (city, day, kind, district, status, units)
    SELECT p.city, substr(NEW.at, 1, 10), p.kind, p.district, NEW.from_status, -p.count FROM proposals p
    WHERE p.id = NEW.proposal_id AND p.district IS NOT NULL AND NEW.from_status IS NOT NULL AND NEW.from_status IS NOT NEW.to_status
    ON CONFLICT (city, day, kind, district, status) DO UPDATE SET units = units + excluded.units;
  INSERT INTO district_counts_daily (city, day, kind, district, status, units)
    SELECT p.city, substr(NEW.at, 1, 10), p.kind, p.district, NEW.to_status,
      CASE WHEN NEW.from_status IS NEW.to_status
        THEN coalesce(json_extract(NEW.changes, '$.count[1]') - json_extract(NEW.changes, '$.count[0]'), 0)
        ELSE p.count END
    FROM proposals p
    WHERE p.id = NEW.proposal_id AND p.district IS NOT NULL AND NEW.to_status IS NOT NULL
    ON CONFLICT (city, day, kind, district, status) DO UPDATE SET units = units + excluded.units;
  INSERT INTO district_counts_monthly (city, month, kind, district, status, units)
    SELECT p.city, substr(NEW.at, 1, 7), p.kind, p.district, NEW.from_status, -p.count FROM proposals p
    WHERE p.id = NEW.proposal_id AND p.district IS NOT NULL AND NEW.from_status IS NOT NULL AND NEW.from_status IS NOT NEW.to_status
    ON CONFLICT (city, month, kind, district, status) DO UPDATE SET units = units + excluded.units;
  INSERT INTO district_counts_monthly (city, month, kind, district, status, units)
    SELECT p.city, substr(NEW.at, 1, 7), p.kind, p.district, NEW.to_status,
      CASE WHEN NEW.from_status IS NEW.to_status
        THEN coalesce(json_extract(NEW.changes, '$.count[1]') - json_extract(NEW.changes, '$.count[0]'), 0)
        ELSE p.count END
    FROM proposals p
    WHERE p.id = NEW.proposal_id AND p.district IS NOT NULL AND NEW.to_status IS NOT NULL
    ON CONFLICT (city, month, kind, district, status) DO UPDATE SET units = units + excluded.units;
END;
