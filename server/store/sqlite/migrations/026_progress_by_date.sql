-- A town's whole progress log is read in the list's order (as_of, created_at, seq) by keyset,
-- each page starting where the last ended: this index serves both the order and the seek.
CREATE INDEX progress_updates_by_date ON progress_updates (city, as_of, created_at, seq);
