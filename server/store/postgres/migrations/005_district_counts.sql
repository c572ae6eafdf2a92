-- The district of a proposal is decided once, by the service from the pack's index (with its
-- border rule), and stored: the database no longer recomputes it, so its districts table goes.
DROP TABLE IF EXISTS districts;

-- Proposals per city, kind, district and status, kept up to date by a trigger in the write's
-- own transaction, so district summaries read a few rows instead of scanning every proposal.
CREATE TABLE district_counts (
  city       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  district   TEXT NOT NULL,
  status     TEXT NOT NULL,
  proposals  BIGINT NOT NULL,
  units      BIGINT NOT NULL,
  PRIMARY KEY (city, kind, district, status)
);

INSERT INTO district_counts (city, kind, district, status, proposals, units)
  SELECT city, kind, district, status, COUNT(*), SUM(count) FROM proposals WHERE district IS NOT NULL GROUP BY city, kind, district, status;

CREATE FUNCTION district_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.district IS NOT NULL THEN
    UPDATE district_counts SET proposals = proposals - 1, units = units - OLD.count
      WHERE city = OLD.city AND kind = OLD.kind AND district = OLD.district AND status = OLD.status;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.district IS NOT NULL THEN
    INSERT INTO district_counts (city, kind, district, status, proposals, units) VALUES (NEW.city, NEW.kind, NEW.district, NEW.status, 1, NEW.count)
      ON CONFLICT (city, kind, district, status) DO UPDATE SET proposals = district_counts.proposals + 1, units = district_counts.units + EXCLUDED.units;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER district_counts_insert_delete AFTER INSERT OR DELETE ON proposals
  FOR EACH ROW EXECUTE FUNCTION district_counts_apply();
CREATE TRIGGER district_counts_update AFTER UPDATE OF city, kind, district, status, count ON proposals
  FOR EACH ROW WHEN ((OLD.city, OLD.kind, OLD.district, OLD.status, OLD.count) IS DISTINCT FROM (NEW.city, NEW.kind, NEW.district, NEW.status, NEW.count))
  EXECUTE FUNCTION district_counts_apply();
