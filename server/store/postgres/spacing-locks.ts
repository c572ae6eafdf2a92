/**
 * The advisory locks a new proposal takes before its spacing check, so that two proposals that
 * could break each other's spacing never check at the same time (on any server), while others
 * go ahead in parallel. The locks are held until the insert commits, WAL flush included, so a
 * false conflict costs a whole commit: the finer the grid, the more commits share one flush.
 *
 * Two grids over every (town, kind):
 * - fine cells (0.00005° ≈ 3.5 × 5.6 m in Poland): a proposal whose widened box covers at most
 *   FINE_MAX of them locks the cells of its own bbox EXCLUSIVE and the other cells of its
 *   widened box SHARED, and the coarse cells of its widened box SHARED;
 * - coarse cells (0.002° ≈ 140 × 220 m, the grid every earlier release used, with the same keys):
 *   a larger proposal (a long line, a big area, a wide spacing) locks the coarse cells of its
 *   widened box EXCLUSIVE.
 * Why that suffices: if A and B are too close, some point p of B lies in A's widened box; B
 * holds its own cell of p exclusive (fine) or its coarse cell of p exclusive (large), and A holds
 * both p's fine cell (if small) and p's coarse cell — so one waits for the other. Two small
 * neighbours meet only when one's own cell lies in the other's box: with a 3 m rule, points 7 m
 * apart no longer queue behind each other, as they did in one 140 × 220 m cell.
 *
 * Deadlock-free: every transaction takes coarse keys first (in key order), then fine keys row by
 * row, never the same key twice — one global order.
 */
type Box = [number, number, number, number];

const FINE_CELL_DEG = 0.00005;
const COARSE_CELL_DEG = 0.002;
/** Above this many fine cells the proposal locks coarse cells instead (bounded lock count either way). */
const FINE_MAX = 48;

export interface SpacingLocks {
  /** Advisory-lock keys in the order to take them (bigints as decimal text). */
  keys: string[];
  /** Per key: exclusive (true) or shared (false). */
  exclusive: boolean[];
}

function cells(box: Box, size: number): Box {
  return box.map((v) => Math.floor(v / size)) as Box;
}

/** Locks for a proposal whose geometry has bbox `own` and whose spacing box (bbox widened by the rule) is `widened`. */
export function spacingLocks(city: string, kind: string, own: Box, widened: Box): SpacingLocks {
  const [cx0, cy0, cx1, cy1] = cells(widened, COARSE_CELL_DEG);
  const coarse = new Set<bigint>();
  for (let x = cx0; x <= cx1; x++) for (let y = cy0; y <= cy1; y++) coarse.add(fnv1a64(`${city}/${kind}/${x}/${y}`));
  const coarseKeys = [...coarse].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
  const [fx0, fy0, fx1, fy1] = cells(widened, FINE_CELL_DEG);
  if ((fx1 - fx0 + 1) * (fy1 - fy0 + 1) > FINE_MAX) return { keys: coarseKeys, exclusive: coarseKeys.map(() => true) };
  const [ox0, oy0, ox1, oy1] = cells(own, FINE_CELL_DEG);
  const keys = [...coarseKeys];
  const exclusive = coarseKeys.map(() => false);
  for (let y = fy0; y <= fy1; y++) {
    for (let x = fx0; x <= fx1; x++) {
      keys.push(String(fnv1a64(`${city}/${kind}/f/${x}/${y}`)));
      exclusive.push(x >= ox0 && x <= ox1 && y >= oy0 && y <= oy1);
    }
  }
  return { keys, exclusive };
}

/** FNV-1a, 64-bit, as a signed bigint (pg_advisory_xact_lock takes a bigint). */
function fnv1a64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return BigInt.asIntN(64, h);
}
