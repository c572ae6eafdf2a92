import type { MultiPolygon, Polygon } from 'geojson';
import { EDGE_EPS, onSegment, polygonsOf } from './point-in-ring.ts';

export interface DistrictIndex {
  ids: string[];
  /** The id of the district containing the point, or null outside every district. */
  locate(lon: number, lat: number): string | null;
  /** District index (into `ids`) for each lon,lat pair of `coords`; -1 outside. */
  locateMany(coords: Float64Array): Int32Array;
}

const OUTSIDE = -1;
/** Cell codes: 0…count-1 a district, NO_CELL outside, MIXED_CELL an edge passes through. */
const NO_CELL = 0xfe;
const MIXED_CELL = 0xff;

/**
 * A grid index over districts for fast point lookups. Each cell is precomputed as wholly
 * inside one district, wholly outside, or mixed (an edge passes through it). Only points in
 * mixed cells run a ray cast, and it reads only the edges that reach the point's grid row,
 * from flat typed arrays.
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
  if (districts.length >= NO_CELL) throw new Error(`buildDistrictIndex supports up to ${NO_CELL - 1} districts`);
  const size = options.cells ?? 512;

  // Every edge of every district as x1,y1,x2,y2 in one flat array, with its district.
  const edgeList: number[] = [];
  const districtOfEdge: number[] = [];
  districts.forEach((d, k) => {
    for (const ring of polygonsOf(d.geometry).flat()) {
      for (let i = 0; i + 1 < ring.length; i++) {
        edgeList.push(ring[i]![0]!, ring[i]![1]!, ring[i + 1]![0]!, ring[i + 1]![1]!);
        districtOfEdge.push(k);
      }
    }
  });
  const edges = Float64Array.from(edgeList);
  const edgeCount = districtOfEdge.length;
  const edgeDistrict = Int32Array.from(districtOfEdge);
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (let i = 0; i < edges.length; i += 2) {
    w = Math.min(w, edges[i]!); e = Math.max(e, edges[i]!);
    s = Math.min(s, edges[i + 1]!); n = Math.max(n, edges[i + 1]!);
  }
  const cw = (e - w) / size || 1e-9, ch = (n - s) / size || 1e-9;
  const col = (x: number) => clamp(Math.floor((x - w) / cw), size);
  const row = (y: number) => clamp(Math.floor((y - s) / ch), size);

  // Per grid row, the edges whose latitude range reaches it (a ray cast needs only those).
  const rowEdges: number[][] = Array.from({ length: size }, () => []);
  for (let j = 0; j < edgeCount; j++) {
    const y1 = edges[4 * j + 1]!, y2 = edges[4 * j + 3]!;
    for (let r = row(Math.min(y1, y2) - EDGE_EPS); r <= row(Math.max(y1, y2) + EDGE_EPS); r++) rowEdges[r]!.push(j);
  }
  const rowStart = new Int32Array(size + 1);
  for (let r = 0; r < size; r++) rowStart[r + 1] = rowStart[r]! + rowEdges[r]!.length;
  const rowEdgeIds = new Int32Array(rowStart[size]!);
  rowEdges.forEach((list, r) => rowEdgeIds.set(list, rowStart[r]!));

  // Mark exactly the cells each edge passes through: per grid column it spans, the rows its
  // latitude covers within that column (a supercover, widened by the edge tolerance).
  const cells = new Uint8Array(size * size); // one byte per cell keeps the grid in the CPU cache
  for (let j = 0; j < edgeCount; j++) {
    const x1 = edges[4 * j]!, y1 = edges[4 * j + 1]!, x2 = edges[4 * j + 2]!, y2 = edges[4 * j + 3]!;
    const xa = Math.min(x1, x2), xb = Math.max(x1, x2);
    const slope = xb > xa ? (y2 - y1) / (x2 - x1) : 0;
    for (let c = col(xa - EDGE_EPS); c <= col(xb + EDGE_EPS); c++) {
      const cx0 = Math.max(xa, w + c * cw), cx1 = Math.min(xb, w + (c + 1) * cw);
      const ya = xb > xa ? y1 + slope * (cx0 - x1) : Math.min(y1, y2);
      const yb = xb > xa ? y1 + slope * (cx1 - x1) : Math.max(y1, y2);
      for (let r = row(Math.min(ya, yb) - EDGE_EPS); r <= row(Math.max(ya, yb) + EDGE_EPS); r++) cells[r * size + c] = MIXED_CELL;
    }
  }

  const count = districts.length;
  const inside = new Uint8Array(count);
  const onEdge = new Uint8Array(count);
  /** Ray cast to the east over the row's edges: first district (pack order) containing the point, edges included. */
  const castRay = (x: number, y: number): number => {
    const r = row(y);
    const from = rowStart[r]!, to = rowStart[r + 1]!;
    if (count <= 30) {
      // Few districts: parity and on-edge flags as bits of two integers, no arrays to clear.
      let parity = 0, edge = 0;
      for (let t = from; t < to; t++) {
        const j = rowEdgeIds[t]!, b = 4 * j;
        const x1 = edges[b]!, y1 = edges[b + 1]!, x2 = edges[b + 2]!, y2 = edges[b + 3]!;
        if (onSegment(x, y, x1, y1, x2, y2)) edge |= 1 << edgeDistrict[j]!;
        else if (y1 > y !== y2 > y && x < ((x2 - x1) * (y - y1)) / (y2 - y1) + x1) parity ^= 1 << edgeDistrict[j]!;
      }
      const hit = parity | edge;
      return hit === 0 ? OUTSIDE : 31 - Math.clz32(hit & -hit);
    }
    inside.fill(0);
    onEdge.fill(0);
    for (let t = from; t < to; t++) {
      const j = rowEdgeIds[t]!;
      const x1 = edges[4 * j]!, y1 = edges[4 * j + 1]!, x2 = edges[4 * j + 2]!, y2 = edges[4 * j + 3]!;
      const k = edgeDistrict[j]!;
      if (onSegment(x, y, x1, y1, x2, y2)) onEdge[k] = 1;
      else if (y1 > y !== y2 > y && x < ((x2 - x1) * (y - y1)) / (y2 - y1) + x1) inside[k] ^= 1;
    }
    for (let k = 0; k < count; k++) if (inside[k] || onEdge[k]) return k;
    return OUTSIDE;
  };

  // Cells no edge passes through lie wholly inside one district or wholly outside: their centre decides.
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) {
    const idx = r * size + c;
    if (cells[idx] !== MIXED_CELL) {
      const k = castRay(w + (c + 0.5) * cw, s + (r + 0.5) * ch);
      cells[idx] = k < 0 ? NO_CELL : k;
    }
  }

  const locateIndex = (x: number, y: number): number => {
    if (!(x >= w && x <= e && y >= s && y <= n)) return OUTSIDE;
    const v = cells[row(y) * size + col(x)]!;
    return v === MIXED_CELL ? castRay(x, y) : v === NO_CELL ? OUTSIDE : v;
  };

  return {
    ids,
    locate: (lon, lat) => {
      const k = locateIndex(lon, lat);
      return k < 0 ? null : ids[k]!;
    },
    locateMany: (coords) => {
      // The hot loop, written out so the engine keeps everything in registers.
      const out = new Int32Array(coords.length >> 1);
      const last = size - 1, icw = 1 / cw, ich = 1 / ch;
      for (let i = 0; i < out.length; i++) {
        const x = coords[2 * i]!, y = coords[2 * i + 1]!;
        if (!(x >= w && x <= e && y >= s && y <= n)) {
          out[i] = OUTSIDE;
          continue;
        }
        let c = ((x - w) * icw) | 0, r = ((y - s) * ich) | 0;
        if (c > last) c = last;
        if (r > last) r = last;
        const v = cells[r * size + c]!;
        out[i] = v === MIXED_CELL ? castRay(x, y) : v === NO_CELL ? OUTSIDE : v;
      }
      return out;
    },
  };
}

function clamp(v: number, size: number): number {
  return v < 0 ? 0 : v >= size ? size - 1 : v;
}
