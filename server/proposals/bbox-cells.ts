/**
 * A bbox split so that counting what it holds costs the size of its edges, not of its contents:
 * the cells of the kept per-cell counts (`proposal_cells`: Web Mercator tiles at zoom 19, about
 * 48 × 30 m in Poland) that lie wholly inside it, and strips along its four sides around them.
 *
 * Why that count is exact (for boxes-intersect, which both stores' bbox filters are):
 * - a proposal whose position lies in an inner cell matches, since its geometry's box holds
 *   its position and the cell lies inside the bbox;
 * - any other match has a box that holds a point outside the open inner rectangle (its
 *   position) and a point of the bbox, so, being a box, it meets the bbox outside the open
 *   inner rectangle: it reaches into a strip.
 * So: matches = the inner cells' kept counts + the strips' matches whose position is in no inner
 * cell. The strips reach a hair (STRIP_OVERLAP) into the inner rectangle, so rounding at its
 * border loses nobody; whoever is counted there twice is taken out by the "in no inner cell"
 * test, which uses the same cell formula as the kept counts.
 * Pure arithmetic, no store: each store turns the split into its own SQL.
 */
import { tileBounds, tileCoords } from '../geo/web-mercator-tiles.ts';

export type Bbox = [west: number, south: number, east: number, north: number];

/** The zoom of the kept cells (migration 007 of both stores: 2^19 = 524288 columns). */
export const CELL_ZOOM = 19;
/** Degrees (~0.1 mm) the strips reach into the inner rectangle. */
export const STRIP_OVERLAP = 1e-9;

export interface BboxSplit {
  /** The inner cells, [cx0, cy0, cx1, cy1] inclusive (y grows southwards), or null when no cell fits. */
  inner: [number, number, number, number] | null;
  /** Boxes to count row by row: the four strips, or the whole bbox when no cell fits. */
  strips: Bbox[];
}

export function splitBbox(b: Bbox): BboxSplit {
  const [west, south, east, north] = b;
  const [x0, y0] = tileCoords(west, north, CELL_ZOOM);
  const [x1, y1] = tileCoords(east, south, CELL_ZOOM);
  const inner: [number, number, number, number] = [Math.ceil(x0), Math.ceil(y0), Math.floor(x1) - 1, Math.floor(y1) - 1];
  if (inner[0] > inner[2] || inner[1] > inner[3]) return { inner: null, strips: [b] };
  const [iw, , , in_] = tileBounds(CELL_ZOOM, inner[0], inner[1]);
  const [, is, ie] = tileBounds(CELL_ZOOM, inner[2], inner[3]);
  const e = STRIP_OVERLAP;
  return {
    inner,
    strips: [
      [west, south, iw + e, north],
      [ie - e, south, east, north],
      [iw, in_ - e, ie, north],
      [iw, south, ie, is + e],
    ],
  };
}

/**
 * How many rows a walk in creation order reads to fill a page, against a walk of every match:
 * true when walking the proposals in order (checking each against the bbox) is the cheaper way
 * to the page, i.e. the bbox holds a large share of everything stored. `matchesAtLeast` is a
 * lower bound of the bbox's matches (the inner cells' count), `rows` an upper bound of the rows
 * walked past (the highest sequence number).
 */
export function walkInOrder(offset: number, limit: number, matchesAtLeast: number, rows: number): boolean {
  if (matchesAtLeast <= 0) return false;
  return ((offset + limit) * rows) / matchesAtLeast < matchesAtLeast;
}
