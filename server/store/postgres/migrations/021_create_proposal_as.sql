-- A resident's new proposal in ONE round trip (the request's whole conversation with the
-- database): the layer version the server's packs were built from is checked, the write is
-- counted against the client's rate limit, the resident is found by token (and bound to the
-- town on a first write), and then kp_create_proposal's spacing locks, check and inserts run.
--
-- It is a procedure because the rate-limit hit must commit on its own, before the proposal:
-- a hit counts even when the proposal is refused (as it did as a statement of its own), and
-- its row lock is released at once instead of being held through the proposal's WAL flush
-- (every write from one address would queue on that row). That first commit does not wait
-- for the flush (synchronous_commit off for it alone, as the counter pool does); the
-- proposal's commit does, and flushes the hit with it.
--
-- outcome: 'stale-layers' (nothing done: the server's packs are behind, it takes the long
-- way), 'rate-limited' (retry_after_ms), 'not-signed-in', 'wrong-town' (resident.city),
-- 'too-close' (proposal = the nearest one, distance_m), 'created' (proposal = the inserted
-- row). Rows go back as JSON of the whole row, so columns added later come back too.
CREATE FUNCTION kp_proposal_json(r proposals) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT (to_jsonb(r) - 'geom' - 'seq') || jsonb_build_object('geometry', ST_AsGeoJSON(r.geom, 15)::jsonb)
$$;

CREATE PROCEDURE kp_create_proposal_as(
  p_token_hash text, p_now text, p_rate_key text, p_rate_max int, p_rate_window bigint, p_now_ms bigint, p_layers bigint,
  p_id text, p_city text, p_kind text, p_geojson text, p_lon float8, p_lat float8, p_district text,
  p_species text, p_count int, p_note text, p_at text, p_min_m float8, p_dlon float8, p_dlat float8, p_locks bigint[],
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
    PERFORM pg_advisory_xact_lock(t.k) FROM unnest(p_locks) WITH ORDINALITY AS t(k, i) ORDER BY t.i;
    SELECT pr.* INTO v_near FROM proposals pr
    WHERE pr.city = p_city AND pr.kind = p_kind AND pr.status IN ('proposed', 'accepted', 'planted')
      AND pr.geom && ST_Expand(g, p_dlon, p_dlat) AND ST_DWithin(pr.geom::geography, g::geography, p_min_m)
    ORDER BY ST_Distance(pr.geom::geography, g::geography) LIMIT 1;
    IF FOUND THEN
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
