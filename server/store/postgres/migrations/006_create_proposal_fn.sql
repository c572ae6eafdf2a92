-- A new proposal in one round trip: take the spacing locks (grid cells around it, in the given
-- order, so inserts never deadlock), look for a live proposal of the same kind too close, and
-- if there is none insert the proposal and its "created" event. Returns the nearest one that
-- is too close (id and distance in metres), or no row when the proposal was stored. Called as
-- one statement, it is one transaction: the locks hold until it commits.
CREATE FUNCTION kp_create_proposal(
  p_id text, p_city text, p_kind text, p_geojson text, p_lon float8, p_lat float8, p_district text,
  p_species text, p_count int, p_note text, p_author_kind text, p_author_id text, p_author_name text, p_at text,
  p_min_m float8, p_dlon float8, p_dlat float8, p_locks bigint[]
) RETURNS TABLE (nearest_id text, distance_m float8) LANGUAGE plpgsql AS $$
DECLARE
  g geometry := ST_SetSRID(ST_GeomFromGeoJSON(p_geojson), 4326);
BEGIN
  IF p_min_m > 0 THEN
    PERFORM pg_advisory_xact_lock(t.k) FROM unnest(p_locks) WITH ORDINALITY AS t(k, i) ORDER BY t.i;
    RETURN QUERY
      SELECT pr.id, ST_Distance(pr.geom::geography, g::geography)
      FROM proposals pr
      WHERE pr.city = p_city AND pr.kind = p_kind AND pr.status IN ('proposed', 'accepted', 'planted')
        AND pr.geom && ST_Expand(g, p_dlon, p_dlat) AND ST_DWithin(pr.geom::geography, g::geography, p_min_m)
      ORDER BY 2 LIMIT 1;
    IF FOUND THEN RETURN; END IF;
  END IF;
  INSERT INTO proposals (id, city, kind, geom, lon, lat, district, species, count, note, status, supports, author_kind, author_id, author_name, created_at, updated_at)
    VALUES (p_id, p_city, p_kind, g, p_lon, p_lat, p_district, p_species, p_count, p_note, 'proposed', 0, p_author_kind, p_author_id, p_author_name, p_at, p_at);
  INSERT INTO proposal_events (proposal_id, at, actor_kind, actor_id, actor_name, action, from_status, to_status)
    VALUES (p_id, p_at, p_author_kind, p_author_id, p_author_name, 'created', NULL, 'proposed');
END $$;
