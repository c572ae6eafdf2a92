-- A short public number for every proposal ("nr 123"), said on the phone, in a council session
-- or typed in the search box. One number line for all towns, in creation order, never reused:
-- proposals are never deleted, so the next number is the highest plus one (the insert takes it
-- in the same statement; SQLite has one writer at a time). Existing proposals are numbered in
-- the order they were made.
ALTER TABLE proposals ADD COLUMN number INTEGER;
UPDATE proposals SET number = n.rn
  FROM (SELECT seq, row_number() OVER (ORDER BY seq) AS rn FROM proposals) AS n
  WHERE proposals.seq = n.seq;
CREATE UNIQUE INDEX proposals_number ON proposals(number);
