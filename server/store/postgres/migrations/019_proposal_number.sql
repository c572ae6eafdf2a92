-- A short public number for every proposal ("nr 123"), said on the phone, in a council session
-- or typed in the search box. One number line for all towns, from a sequence taken by the
-- column's default: an insert never waits on another (no counter row), a number is never
-- reused, and a rolled-back insert leaves a gap. Existing proposals are numbered in the order
-- they were made.
CREATE SEQUENCE proposal_number_seq AS bigint;
ALTER TABLE proposals ADD COLUMN number bigint;
UPDATE proposals p SET number = n.rn
  FROM (SELECT seq, row_number() OVER (ORDER BY seq) AS rn FROM proposals) n
  WHERE p.seq = n.seq;
SELECT setval('proposal_number_seq', COALESCE((SELECT MAX(number) FROM proposals), 0) + 1, false);
ALTER TABLE proposals ALTER COLUMN number SET DEFAULT nextval('proposal_number_seq');
ALTER SEQUENCE proposal_number_seq OWNED BY proposals.number;
ALTER TABLE proposals ALTER COLUMN number SET NOT NULL;
CREATE UNIQUE INDEX proposals_number ON proposals(number);
