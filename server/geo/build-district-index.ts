import type { MultiPolygon, Polygon, Position } from 'geojson';
import { pointInArea, polygonsOf } from './point-in-ring.ts';

export interface DistrictIndex {
  ids: string[];
  /** The id of the district containing the point, or null outside every district. */
  locate(lon: number, lat: number): string | null;
  /** District index (into `ids`) for each lon,lat pair of `coords`; -1 outside. */
  locateMany(coords: Float64Array): Int32Array;
}

const OUTSIDE = -1;
const MIXED = -2;

/**
 * A grid index over districts for fast point lookups. Each cell is precomputed as wholly
 * inside one district, wholly outside, or mixed (an edge passes through it); only mixed
 * cells run a point-in-polygon test, and only against the districts near them.
 *
 * Border rule: a point exactly on a shared border belongs to the district listed first
 * in the pack; a point on the town's outer boundary is inside the town.
 *
 * @example
 * const index = buildDistrictIndex([{ id: 'a', geometry: squareA }, { id: 'b', geometry: squareB }]);
 * index.locate(22.005, 50.905) // 'a'
 */
export function buildDistrictIndex(districts: { id: string; geometry: Polygon | MultiPolygon }[], options: { cells?: number } = {}): DistrictIndex {
  const ids = districts.map((d) => d.id);
  const polys = districts.map((d) => polygonsOf(d.geometry));
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const p of polys) for (const ring of p.flat()) for (const [x, y] of ring as [number, number][]) {
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  const size = options.cells ?? 256;
  const cw = (e - w) / size || 1, ch = (n - s) / size || 1;
  const cells = new Int32Array(size * size).fill(OUTSIDE - 10); // unset
  const candidates: number[][] = new Array(size * size);

  // Mark every cell an edge's bounding box touches as mixed (conservative).
  polys.forEach((p) => {
    for (const ring of p.flat()) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x1, y1] = ring[i] as [number, number];
        const [x2, y2] = ring[i + 1] as [number, number];
        const c0 = clamp(Math.floor((Math.min(x1, x2) - w) / cw) - 1, size), c1 = clamp(Math.floor((Math.max(x1, x2) - w) / cw) + 1, size);
        const r0 = clamp(Math.floor((Math.min(y1, y2) - s) / ch) - 1, size), r1 = clamp(Math.floor((Math.max(y1, y2) - s) / ch) + 1, size);
        for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) {
          cells[r * size + c] = MIXED;
        }
      }
    }
  });
  // A mixed cell tests every district whose bounding box reaches it (robust even for overlapping packs).
  const boxes = polys.map((p) => {
    let bw = Infinity, bs = Infinity, be = -Infinity, bn = -Infinity;
    for (const ring of p.flat()) for (const [x, y] of ring as [number, number][]) {
      bw = Math.min(bw, x); be = Math.max(be, x); bs = Math.min(bs, y); bn = Math.max(bn, y);
    }
    return [bw, bs, be, bn] as const;
  });
  // Cells no edge touches lie wholly inside one district or wholly outside: their centre decides.
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) {
    const idx = r * size + c;
    if (cells[idx] === MIXED) {
      const x0 = w + c * cw, y0 = s + r * ch;
      candidates[idx] = boxes.flatMap(([bw, bs, be, bn], k) => (bw <= x0 + cw && be >= x0 && bs <= y0 + ch && bn >= y0 ? [k] : []));
      continue;
    }
    cells[idx] = slowLocate(w + (c + 0.5) * cw, s + (r + 0.5) * ch, polys, null);
  }

  const locateIndex = (x: number, y: number): number => {
    if (!(x >= w && x <= e && y >= s && y <= n)) return OUTSIDE;
    const idx = clamp(Math.floor((y - s) / ch), size) * size + clamp(Math.floor((x - w) / cw), size);
    const v = cells[idx]!;
    return v === MIXED ? slowLocate(x, y, polys, candidates[idx]!) : v;
  };

  return {
    ids,
    locate: (lon, lat) => {
      const k = locateIndex(lon, lat);
      return k < 0 ? null : ids[k]!;
    },
    locateMany: (coords) => {
      const out = new Int32Array(coords.length >> 1);
      for (let i = 0; i < out.length; i++) out[i] = locateIndex(coords[2 * i]!, coords[2 * i + 1]!);
      return out;
    },
  };
}

/** First district (in pack order) containing the point, edges included. */
function slowLocate(x: number, y: number, polys: Position[][][][], only: number[] | null): number {
  const order = only ?? polys.map((_, k) => k);
  for (const k of order) if (pointInArea(x, y, polys[k]!) >= 0) return k;
  return OUTSIDE;
}

function clamp(v: number, size: number): number {
  return v < 0 ? 0 : v >= size ? size - 1 : v;
}
