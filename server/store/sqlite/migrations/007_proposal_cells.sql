-- Proposals counted per Web Mercator cell (a tile at zoom 19, ~50 m at Polish latitudes), kind
-- and status, with the sum of their positions, kept by triggers in the write's transaction:
-- map tiles at town and region scale are drawn from these few rows, never from every proposal.
CREATE TABLE proposal_cells (
  city     TEXT NOT NULL,
  kind     TEXT NOT NULL,
  status   TEXT NOT NULL,
  cx       INTEGER NOT NULL,
  cy       INTEGER NOT NULL,
  n        INTEGER NOT NULL,
  sum_lon  REAL NOT NULL,
  sum_lat  REAL NOT NULL,
  PRIMARY KEY (city, cx, cy, kind, status)
) WITHOUT ROWID;

INSERT INTO proposal_cells (city, kind, status, cx, cy, n, sum_lon, sum_lat)
  SELECT city, kind, status,
    CAST(floor((lon + 180.0) / 360.0 * 524288) AS INTEGER),
    CAST(floor((1 - ln(tan(radians(lat)) + 1 / cos(radians(lat))) / pi()) / 2 * 524288) AS INTEGER),
    COUNT(*), SUM(lon), SUM(lat)
  FROM proposals GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER proposal_cells_insert AFTER INSERT ON proposals BEGIN
  INSERT INTO proposal_cells (city, kind, status, cx, cy, n, sum_lon, sum_lat) VALUES (NEW.city, NEW.kind, NEW.status,
    CAST(floor((NEW.lon + 180.0) / 360.0 * 524288) AS INTEGER),
    CAST(floor((1 - ln(tan(radians(NEW.lat)) + 1 / cos(radians(NEW.lat))) / pi()) / 2 * 524288) AS INTEGER),
    1, NEW.lon, NEW.lat)
  ON CONFLICT (city, cx, cy, kind, status) DO UPDATE SET n = n + 1, sum_lon = sum_lon + excluded.sum_lon, sum_lat = sum_lat + excluded.sum_lat;
END;

CREATE TRIGGER proposal_cells_update AFTER UPDATE OF city, kind, status, lon, lat ON proposals
  WHEN OLD.city IS NOT NEW.city OR OLD.kind IS NOT NEW.kind OR OLD.status IS NOT NEW.status OR OLD.lon IS NOT NEW.lon OR OLD.lat IS NOT NEW.lat
BEGIN
  UPDATE proposal_cells SET n = n - 1, sum_lon = sum_lon - OLD.lon, sum_lat = sum_lat - OLD.lat
    WHERE city = OLD.city AND kind = OLD.kind AND status = OLD.status
      AND cx = CAST(floor((OLD.lon + 180.0) / 360.0 * 524288) AS INTEGER)
      AND cy = CAST(floor((1 - ln(tan(radians(OLD.lat)) + 1 / cos(radians(OLD.lat))) / pi()) / 2 * 524288) AS INTEGER);
  INSERT INTO proposal_cells (city, kind, status, cx, cy, n, sum_lon, sum_lat) VALUES (NEW.city, NEW.kind, NEW.status,
    CAST(floor((NEW.lon + 180.0) / 360.0 * 524288) AS INTEGER),
    CAST(floor((1 - ln(tan(radians(NEW.lat)) + 1 / cos(radians(NEW.lat))) / pi()) / 2 * 524288) AS INTEGER),
    1, NEW.lon, NEW.lat)
  ON CONFLICT (city, cx, cy, kind, status) DO UPDATE SET n = n + 1, sum_lon = sum_lon + excluded.sum_lon, sum_lat = sum_lat + excluded.sum_lat;
END;

CREATE TRIGGER proposal_cells_delete AFTER DELETE ON proposals BEGIN
  UPDATE proposal_cells SET n = n - 1, sum_lon = sum_lon - OLD.lon, sum_lat = sum_lat - OLD.lat
    WHERE city = OLD.city AND kind = OLD.kind AND status = OLD.status
      AND cx = CAST(floor((OLD.lon + 180.0) / 360.0 * 524288) AS INTEGER)
      AND cy = CAST(floor((1 - ln(tan(radians(OLD.lat)) + 1 / cos(radians(OLD.lat))) / pi()) / 2 * 524288) AS INTEGER);
END;
