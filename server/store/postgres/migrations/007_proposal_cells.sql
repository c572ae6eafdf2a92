-- Proposals counted per Web Mercator cell (a tile at zoom 19, ~50 m at Polish latitudes), kind
-- and status, with the sum of their positions, kept by a trigger in the write's transaction:
-- map tiles at town and region scale are drawn from these few rows, never from every proposal.
-- Cells are small, so concurrent writes in different places never wait on the same row.
CREATE FUNCTION kp_cell_x(lon float8) RETURNS bigint IMMUTABLE LANGUAGE sql AS
  $$ SELECT floor((lon + 180.0) / 360.0 * 524288)::bigint $$;
CREATE FUNCTION kp_cell_y(lat float8) RETURNS bigint IMMUTABLE LANGUAGE sql AS
  $$ SELECT floor((1 - ln(tan(radians(lat)) + 1 / cos(radians(lat))) / pi()) / 2 * 524288)::bigint $$;

CREATE TABLE proposal_cells (
  city     TEXT NOT NULL,
  kind     TEXT NOT NULL,
  status   TEXT NOT NULL,
  cx       BIGINT NOT NULL,
  cy       BIGINT NOT NULL,
  n        BIGINT NOT NULL,
  sum_lon  DOUBLE PRECISION NOT NULL,
  sum_lat  DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (city, cx, cy, kind, status)
);

INSERT INTO proposal_cells (city, kind, status, cx, cy, n, sum_lon, sum_lat)
  SELECT city, kind, status, kp_cell_x(lon), kp_cell_y(lat), COUNT(*), SUM(lon), SUM(lat) FROM proposals GROUP BY 1, 2, 3, 4, 5;

CREATE FUNCTION proposal_cells_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE proposal_cells SET n = n - 1, sum_lon = sum_lon - OLD.lon, sum_lat = sum_lat - OLD.lat
      WHERE city = OLD.city AND cx = kp_cell_x(OLD.lon) AND cy = kp_cell_y(OLD.lat) AND kind = OLD.kind AND status = OLD.status;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO proposal_cells (city, kind, status, cx, cy, n, sum_lon, sum_lat)
      VALUES (NEW.city, NEW.kind, NEW.status, kp_cell_x(NEW.lon), kp_cell_y(NEW.lat), 1, NEW.lon, NEW.lat)
      ON CONFLICT (city, cx, cy, kind, status) DO UPDATE SET n = proposal_cells.n + 1,
        sum_lon = proposal_cells.sum_lon + EXCLUDED.sum_lon, sum_lat = proposal_cells.sum_lat + EXCLUDED.sum_lat;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER proposal_cells_insert_delete AFTER INSERT OR DELETE ON proposals
  FOR EACH ROW EXECUTE FUNCTION proposal_cells_apply();
CREATE TRIGGER proposal_cells_update AFTER UPDATE OF city, kind, status, lon, lat ON proposals
  FOR EACH ROW WHEN ((OLD.city, OLD.kind, OLD.status, OLD.lon, OLD.lat) IS DISTINCT FROM (NEW.city, NEW.kind, NEW.status, NEW.lon, NEW.lat))
  EXECUTE FUNCTION proposal_cells_apply();
