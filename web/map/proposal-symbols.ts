/**
 * Site markers (diamond, square, triangle, hexagon, star) drawn the same way on the map (as
 * raster icons made here, no image files) and in the legend (as SVG): a fill in the status
 * colour, a white stroke and a thin dark edge; a rejected site is hollow, like a rejected tree.
 */
import { PROPOSAL_STATUSES, SITE_SHAPES, type ProposalStatus, type SiteShape } from '../state/proposal-kinds.ts';

/** Site marker images are named `kp-site-<shape>-<status>` in the map's image set. */
export const MARKER_IMAGE_PREFIX = 'kp-site-';

/** The shape and status a site marker image's id names, or null for another image. */
export function markerImageOf(id: string): { shape: SiteShape; status: ProposalStatus } | null {
  const m = new RegExp(`^${MARKER_IMAGE_PREFIX}([a-z]+)-([a-z]+)$`).exec(id);
  const shape = m?.[1] as SiteShape | undefined;
  const status = m?.[2] as ProposalStatus | undefined;
  return shape && status && SITE_SHAPES.includes(shape) && PROPOSAL_STATUSES.includes(status) ? { shape, status } : null;
}

type Pt = [number, number];

/** Outline of each shape in a unit box (−1…1, y down). */
function outline(shape: SiteShape): Pt[] {
  const ring = (n: number, r: (i: number) => number, start = -Math.PI / 2): Pt[] =>
    Array.from({ length: n }, (_, i) => {
      const a = start + (i * 2 * Math.PI) / n;
      return [r(i) * Math.cos(a), r(i) * Math.sin(a)];
    });
  switch (shape) {
    case 'diamond':
      return [[0, -1], [0.85, 0], [0, 1], [-0.85, 0]];
    case 'square':
      return [[-0.8, -0.8], [0.8, -0.8], [0.8, 0.8], [-0.8, 0.8]];
    case 'triangle':
      return [[0, -1], [0.95, 0.75], [-0.95, 0.75]];
    case 'hexagon':
      return ring(6, () => 0.95, 0);
    case 'star':
      return ring(10, (i) => (i % 2 === 0 ? 1 : 0.48));
  }
}

/** The shape as an SVG path in a 24×24 box (for the legend and panels). */
export function shapePath(shape: SiteShape): string {
  const pts = outline(shape).map(([x, y]) => `${(12 + x * 10).toFixed(2)} ${(12 + y * 10).toFixed(2)}`);
  return `M${pts.join('L')}Z`;
}

/** Signed distance (negative inside) from (x, y) to a closed polygon. */
function signedDistance(x: number, y: number, poly: Pt[]): number {
  let min = Infinity;
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [ax, ay] = poly[j]!;
    const [bx, by] = poly[i]!;
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    min = Math.min(min, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return inside ? -min : min;
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export interface MarkerImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * A marker as RGBA pixels: `size` px square, with anti-aliased edges. `fill` inside, a `stroke`
 * band of `strokePx`, and a 1 px dark edge outside it so light markers stand out on light maps.
 */
export function rasterizeShape(shape: SiteShape, opts: { size: number; fill: string; stroke: string; strokePx: number; edge?: string }): MarkerImage {
  const { size, strokePx } = opts;
  const half = size / 2;
  const scale = half - 1.5;
  const poly = outline(shape).map(([x, y]) => [half + x * scale, half + y * scale] as Pt);
  const fill = rgb(opts.fill);
  const stroke = rgb(opts.stroke);
  const edge = rgb(opts.edge ?? '#1f2328');
  const data = new Uint8Array(size * size * 4);
  const clamp = (v: number) => Math.max(0, Math.min(1, v));
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const d = signedDistance(px + 0.5, py + 0.5, poly);
      const alpha = clamp(0.5 - d);
      if (alpha <= 0) continue;
      // From the outside in: dark edge (1 px), stroke (strokePx), fill.
      const toStroke = clamp(-d - 0.5);
      const toFill = clamp(-d - 1 - strokePx + 0.5);
      const mix = (a: number, b: number, t: number) => a + (b - a) * t;
      const c = [0, 1, 2].map((i) => mix(mix(edge[i]!, stroke[i]!, toStroke), fill[i]!, toFill));
      const o = (py * size + px) * 4;
      data[o] = Math.round(c[0]!);
      data[o + 1] = Math.round(c[1]!);
      data[o + 2] = Math.round(c[2]!);
      data[o + 3] = Math.round(255 * alpha * mix(0.75, 1, toStroke));
    }
  }
  return { width: size, height: size, data };
}
