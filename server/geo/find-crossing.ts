import type { Position } from 'geojson';

/**
 * Where the rings of one polygon cross themselves or each other, or null. Segments are
 * bucketed in a grid so 10 000 vertices take milliseconds, not the O(n²) of a pairwise scan.
 * Consecutive segments of a ring share a vertex by construction and are not a crossing.
 *
 * @example
 * findCrossing([[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]) // [0.5, 0.5]
 */
export function findCrossing(rings: Position[][]): [number, number] | null {
  const segs: { x1: number; y1: number; x2: number; y2: number; ring: number; i: number; n: number }[] = [];
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  rings.forEach((ring, r) => {
    // Repeated vertices make no segment; neighbours are counted among the segments kept, so
    // the two segments either side of a repeated vertex are still neighbours (they share it).
    const first = segs.length;
    for (let i = 0; i < ring.length - 1; i++) {
      const [x1, y1] = ring[i] as [number, number];
      const [x2, y2] = ring[i + 1] as [number, number];
      if (x1 === x2 && y1 === y2) continue;
      segs.push({ x1, y1, x2, y2, ring: r, i: segs.length - first, n: 0 });
      w = Math.min(w, x1, x2); e = Math.max(e, x1, x2); s = Math.min(s, y1, y2); n = Math.max(n, y1, y2);
    }
    for (let k = first; k < segs.length; k++) segs[k]!.n = segs.length - first;
  });
  if (segs.length < 3) return null;
  const size = Math.max(1, Math.min(256, Math.ceil(Math.sqrt(segs.length))));
  const cw = (e - w) / size || 1, ch = (n - s) / size || 1;
  const grid = new Map<number, number[]>();
  segs.forEach((g, k) => {
    const c0 = cell(Math.min(g.x1, g.x2), w, cw, size), c1 = cell(Math.max(g.x1, g.x2), w, cw, size);
    const r0 = cell(Math.min(g.y1, g.y2), s, ch, size), r1 = cell(Math.max(g.y1, g.y2), s, ch, size);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) {
      const key = r * size + c;
      const list = grid.get(key);
      if (list) list.push(k);
      else grid.set(key, [k]);
    }
  });
  for (const list of grid.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const p = segs[list[a]!]!, q = segs[list[b]!]!;
        if (p.ring === q.ring && adjacent(p.i, q.i, p.n)) {
          // Neighbours share one vertex; they cross only if they fold back over each other.
          if (collinearOverlap(p, q)) return [(p.x1 + p.x2) / 2, (p.y1 + p.y2) / 2];
          continue;
        }
        const x = intersection(p, q);
        if (x) return x;
      }
    }
  }
  return null;
}

function cell(v: number, origin: number, step: number, size: number): number {
  const c = Math.floor((v - origin) / step);
  return c < 0 ? 0 : c >= size ? size - 1 : c;
}

function adjacent(i: number, j: number, n: number): boolean {
  return Math.abs(i - j) === 1 || Math.abs(i - j) === n - 1;
}

type Seg = { x1: number; y1: number; x2: number; y2: number };

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const l = (bx - ax) * (cy - ay), r = (by - ay) * (cx - ax);
  const v = l - r;
  // Relative tolerance: differences of nearby coordinates are exact, so only the products
  // round; an absolute one would call small, thin shapes collinear and refuse them.
  return Math.abs(v) <= 1e-12 * (Math.abs(l) + Math.abs(r)) ? 0 : Math.sign(v);
}

function intersection(p: Seg, q: Seg): [number, number] | null {
  const d1 = orient(p.x1, p.y1, p.x2, p.y2, q.x1, q.y1);
  const d2 = orient(p.x1, p.y1, p.x2, p.y2, q.x2, q.y2);
  const d3 = orient(q.x1, q.y1, q.x2, q.y2, p.x1, p.y1);
  const d4 = orient(q.x1, q.y1, q.x2, q.y2, p.x2, p.y2);
  if (d1 !== d2 && d3 !== d4) {
    const den = (p.x1 - p.x2) * (q.y1 - q.y2) - (p.y1 - p.y2) * (q.x1 - q.x2);
    if (den === 0) return [p.x1, p.y1];
    const t = ((p.x1 - q.x1) * (q.y1 - q.y2) - (p.y1 - q.y1) * (q.x1 - q.x2)) / den;
    return [p.x1 + t * (p.x2 - p.x1), p.y1 + t * (p.y2 - p.y1)];
  }
  if (d1 === 0 && d2 === 0 && collinearOverlap(p, q)) return [(q.x1 + q.x2) / 2, (q.y1 + q.y2) / 2];
  return null;
}

/** Two collinear segments sharing more than a single point. */
function collinearOverlap(p: Seg, q: Seg): boolean {
  if (orient(p.x1, p.y1, p.x2, p.y2, q.x1, q.y1) !== 0 || orient(p.x1, p.y1, p.x2, p.y2, q.x2, q.y2) !== 0) return false;
  const useX = Math.abs(p.x2 - p.x1) >= Math.abs(p.y2 - p.y1);
  const [a1, a2] = useX ? [p.x1, p.x2].sort((u, v) => u - v) : [p.y1, p.y2].sort((u, v) => u - v);
  const [b1, b2] = useX ? [q.x1, q.x2].sort((u, v) => u - v) : [q.y1, q.y2].sort((u, v) => u - v);
  return Math.min(a2!, b2!) - Math.max(a1!, b1!) > 1e-12;
}
