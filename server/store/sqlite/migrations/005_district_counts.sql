-- Proposals per city, kind, district and status, kept up to date by triggers in the write's own
-- transaction, so district summaries read a few rows instead of scanning every proposal.
CREATE TABLE district_counts (
  city       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  district   TEXT NOT NULL,
  status     TEXT NOT NULL,
  proposals  INTEGER NOT NULL,
  units      INTEGER NOT NULL,
  PRIMARY KEY (city, kind, district, status)
) WITHOUT ROWID;

INSERT INTO district_counts (city, kind, district, status, proposals, units)
  SELECT city, kind, district, status, COUNT(*), SUM(count) FROM proposals WHERE district IS NOT NULL GROUP BY city, kind, district, status;

CREATE TRIGGER district_counts_insert AFTER INSERT ON proposals WHEN NEW.district IS NOT NULL BEGIN
  INSERT INTO district_counts (city, kind, district, status, proposals, units) VALUES (NEW.city, NEW.kind, NEW.district, NEW.status, 1, NEW.count)
    ON CONFLICT (city, kind, district, status) DO UPDATE SET proposals = proposals + 1, units = units + excluded.units;
END;

CREATE TRIGGER district_counts_delete AFTER DELETE ON proposals WHEN OLD.district IS NOT NULL BEGIN
  UPDATE district_counts SET proposals = proposals - 1, units = units - OLD.count
    WHERE city = OLD.city AND kind = OLD.kind AND district = OLD.district AND status = OLD.status;
END;

CREATE TRIGGER district_counts_update AFTER UPDATE OF city, kind, district, status, count ON proposals
  WHEN OLD.city IS NOT NEW.city OR OLD.kind IS NOT NEW.kind OR OLD.district IS NOT NEW.district OR OLD.status IS NOT NEW.status OR OLD.count IS NOT NEW.count
BEGIN
  UPDATE district_counts SET proposals = proposals - 1, units = units - OLD.count
    WHERE OLD.district IS NOT NULL AND city = OLD.city AND kind = OLD.kind AND district = OLD.district AND status = OLD.status;
  INSERT INTO district_counts (city, kind, district, status, proposals, units)
    SELECT NEW.city, NEW.kind, NEW.district, NEW.status, 1, NEW.count WHERE NEW.district IS NOT NULL
    ON CONFLICT (city, kind, district, status) DO UPDATE SET proposals = proposals + 1, units = units + excluded.units;
END;
