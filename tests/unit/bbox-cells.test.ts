/**
 * The bbox split the stores count with: the inner cells lie wholly inside the bbox, the strips
 * and the inner rectangle together cover it, and the walk in order is chosen only where the
 * bbox holds a large share of everything stored.
 */
import { describe, expect, it } from 'vitest';
import { CELL_ZOOM, splitBbox, walkInOrder, type Bbox } from '../../server/proposals/bbox-cells.ts';
import { tileBounds } from '../../server/geo/web-mercator-tiles.ts';

const inside = (p: [number, number], b: Bbox) => p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3];

describe('splitBbox', () => {
  it('keeps only cells wholly inside the bbox, and the strips with them cover every point of it', () => {
    const bbox: Bbox = [22.2003, 50.9201, 22.2131, 50.9287];
    const { inner, strips } = splitBbox(bbox);
    expect(inner).not.toBeNull();
    const [cx0, cy0, cx1, cy1] = inner!;
    expect(strips).toHaveLength(4);
    // Every inner cell inside the bbox; the cells just outside the inner range are not.
    for (const [cx, cy] of [[cx0, cy0], [cx1, cy1], [cx0, cy1], [cx1, cy0]] as const) {
      const [w, s, e, n] = tileBounds(CELL_ZOOM, cx, cy);
      expect(w >= bbox[0] && e <= bbox[2] && s >= bbox[1] && n <= bbox[3]).toBe(true);
    }
    expect(tileBounds(CELL_ZOOM, cx0 - 1, cy0)[0]).toBeLessThan(bbox[0]);
    expect(tileBounds(CELL_ZOOM, cx1 + 1, cy0)[2]).toBeGreaterThan(bbox[2]);
    expect(tileBounds(CELL_ZOOM, cx0, cy0 - 1)[3]).toBeGreaterThan(bbox[3]);
    expect(tileBounds(CELL_ZOOM, cx0, cy1 + 1)[1]).toBeLessThan(bbox[1]);
    // A grid of points over the bbox: each lies in the inner rectangle or in a strip.
    const [iw, , , inorth] = tileBounds(CELL_ZOOM, cx0, cy0);
    const [, isouth, ie] = tileBounds(CELL_ZOOM, cx1, cy1);
    for (let i = 0; i <= 60; i++) {
      for (let j = 0; j <= 60; j++) {
        const p: [number, number] = [bbox[0] + ((bbox[2] - bbox[0]) * i) / 60, bbox[1] + ((bbox[3] - bbox[1]) * j) / 60];
        const inInner = p[0] > iw && p[0] < ie && p[1] > isouth && p[1] < inorth;
        expect(inInner || strips.some((s) => inside(p, s)), p.join(',')).toBe(true);
      }
    }
    // The strips stay within the bbox.
    for (const s of strips) expect(s[0] >= bbox[0] && s[2] <= bbox[2] && s[1] >= bbox[1] && s[3] <= bbox[3]).toBe(true);
  });

  it('gives no inner cells and the whole bbox as its one strip when no cell fits', () => {
    const small: Bbox = [22.2, 50.92, 22.2004, 50.9202];
    expect(splitBbox(small)).toEqual({ inner: null, strips: [small] });
  });
});

describe('walkInOrder', () => {
  it('walks in order only when a page is found long before every match would be visited', () => {
    // A quarter of a million proposals: a first page is 400 rows away, far fewer than 250,000.
    expect(walkInOrder(0, 100, 250_000, 1_000_000)).toBe(true);
    // Deep in the list the walk would pass most of the table: visit the matches instead.
    expect(walkInOrder(200_000, 100, 250_000, 1_000_000)).toBe(false);
    // A small bbox in a large town, or nothing known inside it.
    expect(walkInOrder(0, 100, 500, 1_000_000)).toBe(false);
    expect(walkInOrder(0, 100, 0, 1_000_000)).toBe(false);
  });
});
