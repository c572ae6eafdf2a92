-- Progress of the strategy's undertakings (issue 17): an append-only log of dated updates.
-- A correction is a new row naming the one it corrects (at most one correction per row);
-- the trigger refuses every UPDATE and DELETE, so history cannot be rewritten.
CREATE TABLE progress_updates (
  seq          BIGSERIAL PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  city         TEXT NOT NULL,
  undertaking  TEXT NOT NULL,
  as_of        TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('planned', 'in_preparation', 'in_progress', 'done', 'suspended', 'dropped')),
  figure_values JSONB NOT NULL,
  note         TEXT NOT NULL,
  geometry     JSONB,
  corrects     TEXT UNIQUE REFERENCES progress_updates (id),
  author_kind  TEXT NOT NULL,
  author_id    TEXT NOT NULL,
  author_name  TEXT NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE INDEX progress_updates_by_undertaking ON progress_updates (city, undertaking, as_of, created_at);
CREATE INDEX progress_updates_by_created ON progress_updates (city, created_at);

CREATE FUNCTION progress_updates_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'progress updates are append-only: record a correction instead';
END;
$$;
CREATE TRIGGER progress_updates_no_change BEFORE UPDATE OR DELETE ON progress_updates
  FOR EACH ROW EXECUTE FUNCTION progress_updates_append_only();
