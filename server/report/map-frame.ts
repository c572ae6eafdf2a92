/**
 * Fitting a town onto a printed page: a local equirectangular projection around the area's
 * centre (true metres across a town, so the scale bar is honest), scaled to fit a frame of
 * points with the north up. Coordinates come out as SVG user space (origin at the frame's top
 * left corner, y down), which is what pdf-lib's drawSvgPath takes. Pure: no PDF, no framework.
 */
import type { Geometry, Position } from 'geojson';

/** Metres per degree of latitude on the sphere Web Mercator also uses (R = 6 378 137 m). */
const M_PER_DEG = (Math.PI / 180) * 6_378_137;

export type BBox = [number, number, number, number];

export interface MapFrame {
  /** Frame size in points. */
  width: number;
  height: number;
  /** Metres on the ground per point on the page. */
  metresPerPt: number;
  /** [lon, lat] → [x, y] in points from the frame's top left corner (y grows downwards). */
  project(lon: number, lat: number): [number, number];
  /** The ground box the frame shows (it may be wider or taller than the box asked for). */
  shown: BBox;
}

/**
 * The frame that shows `bbox` whole with `padding` points to spare on every side, centred.
 *
 * @example
 * const f = fitFrame([22.13, 50.90, 22.29, 50.98], 480, 400, 10);
 * f.project(22.21, 50.94) // ≈ [240, 200]: the box's centre lands in the frame's centre
 */
export function fitFrame(bbox: BBox, width: number, height: number, padding = 0): MapFrame {
  const [w, s, e, n] = bbox;
  const lon0 = (w + e) / 2;
  const lat0 = (s + n) / 2;
  const kx = Math.cos((lat0 * Math.PI) / 180) * M_PER_DEG;
  // The box in metres (at least a metre, so a single point still gets a frame).
  const spanX = Math.max(1, (e - w) * kx);
  const spanY = Math.max(1, (n - s) * M_PER_DEG);
  const innerW = Math.max(1, width - 2 * padding);
  const innerH = Math.max(1, height - 2 * padding);
  const metresPerPt = Math.max(spanX / innerW, spanY / innerH);
  const project = (lon: number, lat: number): [number, number] => [width / 2 + ((lon - lon0) * kx) / metresPerPt, height / 2 - ((lat - lat0) * M_PER_DEG) / metresPerPt];
  const halfLon = (width / 2) * metresPerPt / kx;
  const halfLat = (height / 2) * metresPerPt / M_PER_DEG;
  return { width, height, metresPerPt, project, shown: [lon0 - halfLon, lat0 - halfLat, lon0 + halfLon, lat0 + halfLat] };
}

/** The bounding box of some geometries (null when they hold no coordinates). */
export function bboxOfGeometries(geoms: readonly (Geometry | null | undefined)[]): BBox | null {
  let b: BBox | null = null;
  const visit = (p: Position) => {
    const [x, y] = p as [number, number];
    if (!b) b = [x, y, x, y];
    else b = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
  };
  for (const g of geoms) if (g) eachPosition(g, visit);
  return b;
}

function eachPosition(g: Geometry, f: (p: Position) => void): void {
  switch (g.type) {
    case 'Point':
      return f(g.coordinates);
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates.forEach(f);
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.forEach((r) => r.forEach(f));
    case 'MultiPolygon':
      return g.coordinates.forEach((p) => p.forEach((r) => r.forEach(f)));
    case 'GeometryCollection':
      return g.geometries.forEach((x) => eachPosition(x, f));
  }
}

const fmt = (v: number) => String(Math.round(v * 100) / 100);

function ringPath(ring: readonly Position[], frame: MapFrame, close: boolean): string {
  let out = '';
  let last = '';
  ring.forEach((p, i) => {
    const [x, y] = frame.project(p[0]!, p[1]!);
    const xy = `${fmt(x)} ${fmt(y)}`;
    // Points closer than a hundredth of a point collapse: no use printing them twice.
    if (xy === last) return;
    out += `${i === 0 ? 'M' : 'L'}${xy}`;
    last = xy;
  });
  return close && out ? `${out}Z` : out;
}

/**
 * The SVG path data of a geometry's lines and rings in the frame (points are left out: they
 * are drawn as marks, see pointsOf). Holes are rings of their own; fill them even-odd.
 *
 * @example
 * svgPath({ type: 'LineString', coordinates: [[22.2, 50.9], [22.3, 50.9]] }, frame) // 'M12 200L468 200'
 */
export function svgPath(g: Geometry, frame: MapFrame): string {
  switch (g.type) {
    case 'LineString':
      return ringPath(g.coordinates, frame, false);
    case 'MultiLineString':
      return g.coordinates.map((l) => ringPath(l, frame, false)).join('');
    case 'Polygon':
      return g.coordinates.map((r) => ringPath(r, frame, true)).join('');
    case 'MultiPolygon':
      return g.coordinates.map((p) => p.map((r) => ringPath(r, frame, true)).join('')).join('');
    case 'GeometryCollection':
      return g.geometries.map((x) => svgPath(x, frame)).join('');
    default:
      return '';
  }
}

/** The points of a geometry (Point, MultiPoint, and those inside a collection) in the frame. */
export function pointsOf(g: Geometry, frame: MapFrame): [number, number][] {
  if (g.type === 'Point') return [frame.project(g.coordinates[0]!, g.coordinates[1]!)];
  if (g.type === 'MultiPoint') return g.coordinates.map((p) => frame.project(p[0]!, p[1]!));
  if (g.type === 'GeometryCollection') return g.geometries.flatMap((x) => pointsOf(x, frame));
  return [];
}

/** Whether a geometry is drawn as an area, a line or a mark. */
export function shapeOf(g: Geometry): 'area' | 'line' | 'point' | 'mixed' {
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') return 'area';
  if (g.type === 'LineString' || g.type === 'MultiLineString') return 'line';
  if (g.type === 'Point' || g.type === 'MultiPoint') return 'point';
  return 'mixed';
}

/**
 * A scale bar whose length is a round distance (1, 2 or 5 × 10ⁿ m) no longer than `maxPt`.
 *
 * @example
 * scaleBar(10, 100) // { metres: 1000, pt: 100, label: '1 km' }
 */
export function scaleBar(metresPerPt: number, maxPt: number): { metres: number; pt: number; label: string } {
  const maxM = metresPerPt * maxPt;
  const pow = 10 ** Math.floor(Math.log10(maxM));
  const metres = [5, 2, 1].map((k) => k * pow).find((m) => m <= maxM) ?? pow;
  const label = metres >= 1000 ? `${String(metres / 1000).replace('.', ',')} km` : `${metres} m`;
  return { metres, pt: metres / metresPerPt, label };
}

/** A box grown by `share` of its size on every side (a frame with the neighbourhood around it). */
export function growBox(b: BBox, share: number): BBox {
  const dx = (b[2] - b[0]) * share;
  const dy = (b[3] - b[1]) * share;
  return [b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy];
}
