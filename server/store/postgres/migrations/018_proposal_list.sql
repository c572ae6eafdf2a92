-- The proposals list (issue 18): filtered by kind or district, sorted by supports or date, and
-- a resident's own proposals, each read from an index in its order (a million proposals stay fast).
CREATE INDEX proposals_city_seq ON proposals(city, seq);
CREATE INDEX proposals_city_supports ON proposals(city, supports DESC, seq);
CREATE INDEX proposals_city_kind ON proposals(city, kind, seq);
CREATE INDEX proposals_city_district ON proposals(city, district, seq);
CREATE INDEX proposals_author ON proposals(author_kind, author_id, seq);
