-- The spacing check of a new proposal, planned for the proposal at hand on every call.
-- Inside the procedures of migration 029 its query was a cached plan, generic after the fifth
-- call: not knowing the proposal's box, it took the (city, kind, status) index and tested every
-- live proposal of the kind in the town (1,700 rows a write with 5,000 stored, so a million in a
-- national consultation; `bench/store-waits.ts` counts ST_Expand calls). In a function of its
-- own with plan_cache_mode = force_custom_plan it goes through the GiST index to the few
-- proposals around the spot. The procedures keep their names and arguments (servers of the
-- previous release call the same ones); only the spacing query changes.
CREATE FUNCTION kp_nearest_live(p_city text, p_kind text, g geometry, p_dlon float8, p_dlat float8, p_min_m float8)
RETURNS proposals LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  v_near proposals;
BEGIN
  SELECT pr.* INTO v_near FROM proposals pr
  WHERE pr.city = p_city AND pr.kind = p_kind AND pr.status IN ('proposed', 'accepted', 'planted')
    AND pr.geom && ST_Expand(g, p_dlon, p_dlat) AND ST_DWithin(pr.geom::geography, g::geography, p_min_m)
  ORDER BY ST_Distance(pr.geom::geography, g::geography) LIMIT 1;
  RETURN v_near;
END $$;

CREATE OR REPLACE FUNCTION kp_create_proposal_v2(
  p_id text, p_city text, p_kind text, p_geojson text, p_lon float8, p_lat float8, p_district text,
  p_species text, p_count int, p_note text, p_author_kind text, p_author_id text, p_author_name text, p_at text,
  p_min_m float8, p_dlon float8, p_dlat float8, p_locks bigint[], p_exclusive boolean[]
) RETURNS TABLE (nearest_id text, distance_m float8) LANGUAGE plpgsql AS $$
DECLARE
  g geometry := ST_SetSRID(ST_GeomFromGeoJSON(p_geojson), 4326);
BEGIN
  IF p_min_m > 0 THEN
    PERFORM kp_spacing_locks(p_locks, p_exclusive);
    RETURN QUERY
      SELECT n.id, ST_Distance(n.geom::geography, g::geography) FROM kp_nearest_live(p_city, p_kind, g, p_dlon, p_dlat, p_min_m) n WHERE n.id IS NOT NULL;
    IF FOUND THEN RETURN; END IF;
  END IF;
  INSERT INTO proposals (id, city, kind, geom, lon, lat, district, species, count, note, status, supports, author_kind, author_id, author_name, created_at, updated_at)
    VALUES (p_id, p_city, p_kind, g, p_lon, p_lat, p_district, p_species, p_count, p_note, 'proposed', 0, p_author_kind, p_author_id, p_author_name, p_at, p_at);
  INSERT INTO proposal_events (proposal_id, at, actor_kind, actor_id, actor_name, action, from_status, to_status)
    VALUES (p_id, p_at, p_author_kind, p_author_id, p_author_name, 'created', NULL, 'proposed');
END $$;

CREATE OR REPLACE PROCEDURE kp_create_proposal_as_v2(
  p_token_hash text, p_now text, p_rate_key text, p_rate_max int, p_rate_window bigint, p_now_ms bigint, p_layers bigint,
  p_id text, p_city text, p_kind text, p_geojson text, p_lon float8, p_lat float8, p_district text,
  p_species text, p_count int, p_note text, p_at text, p_min_m float8, p_dlon float8, p_dlat float8, p_locks bigint[], p_exclusive boolean[],
  INOUT outcome text DEFAULT NULL, INOUT retry_after_ms bigint DEFAULT NULL, INOUT resident jsonb DEFAULT NULL,
  INOUT proposal jsonb DEFAULT NULL, INOUT distance_m float8 DEFAULT NULL
) LANGUAGE plpgsql AS $$
DECLARE
  v_start bigint;
  v_hits int;
  v_res record;
  v_city text;
  g geometry;
  v_near proposals;
  v_row proposals;
BEGIN
  IF (SELECT coalesce(max(version), 0) FROM imported_layers) <> p_layers THEN
    outcome := 'stale-layers';
    RETURN;
  END IF;

  PERFORM set_config('synchronous_commit', 'off', true);
  INSERT INTO rate_limits (key, window_start, hits) VALUES (p_rate_key, p_now_ms, 1)
  ON CONFLICT (key) DO UPDATE SET
    window_start = CASE WHEN p_now_ms - rate_limits.window_start >= p_rate_window THEN p_now_ms ELSE rate_limits.window_start END,
    hits = CASE WHEN p_now_ms - rate_limits.window_start >= p_rate_window THEN 1 ELSE rate_limits.hits + 1 END
  RETURNING window_start, hits INTO v_start, v_hits;
  COMMIT;
  IF v_hits > p_rate_max THEN
    outcome := 'rate-limited';
    retry_after_ms := v_start + p_rate_window - p_now_ms;
    RETURN;
  END IF;

  SELECT id, nickname, city, email_confirmed_at INTO v_res FROM residents
  WHERE token_hash = p_token_hash AND (expires_at IS NULL OR expires_at > p_now);
  IF NOT FOUND THEN
    outcome := 'not-signed-in';
    RETURN;
  END IF;
  v_city := v_res.city;
  IF v_city IS NULL THEN
    -- The row lock orders concurrent first writes in two towns: the second sees the first's town.
    SELECT city INTO v_city FROM residents WHERE id = v_res.id FOR UPDATE;
    IF v_city IS NULL THEN
      UPDATE residents SET city = p_city WHERE id = v_res.id;
      v_city := p_city;
    END IF;
  END IF;
  resident := jsonb_build_object('id', v_res.id, 'nickname', v_res.nickname, 'city', v_city, 'emailConfirmed', v_res.email_confirmed_at IS NOT NULL);
  IF v_city <> p_city THEN
    outcome := 'wrong-town';
    RETURN;
  END IF;

  g := ST_SetSRID(ST_GeomFromGeoJSON(p_geojson), 4326);
  IF p_min_m > 0 THEN
    PERFORM kp_spacing_locks(p_locks, p_exclusive);
    v_near := kp_nearest_live(p_city, p_kind, g, p_dlon, p_dlat, p_min_m);
    IF v_near.id IS NOT NULL THEN
      outcome := 'too-close';
      proposal := kp_proposal_json(v_near);
      distance_m := ST_Distance(v_near.geom::geography, g::geography);
      RETURN;
    END IF;
  END IF;
  INSERT INTO proposals (id, city, kind, geom, lon, lat, district, species, count, note, status, supports, author_kind, author_id, author_name, created_at, updated_at)
    VALUES (p_id, p_city, p_kind, g, p_lon, p_lat, p_district, p_species, p_count, p_note, 'proposed', 0, 'resident', v_res.id, v_res.nickname, p_at, p_at)
    RETURNING * INTO v_row;
  INSERT INTO proposal_events (proposal_id, at, actor_kind, actor_id, actor_name, action, from_status, to_status)
    VALUES (p_id, p_at, 'resident', v_res.id, v_res.nickname, 'created', NULL, 'proposed');
  outcome := 'created';
  proposal := kp_proposal_json(v_row);
END $$;
