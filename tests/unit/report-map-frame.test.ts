/** Fitting a town onto the printed page: centring, aspect, true metres, paths, the scale bar. */
import { describe, expect, it } from 'vitest';
import { bboxOfGeometries, fitFrame, growBox, pointsOf, scaleBar, shapeOf, svgPath } from '../../server/report/map-frame.ts';

const KRASNIK: [number, number, number, number] = [22.1332, 50.9062, 22.2915, 50.9792];

describe('fitFrame', () => {
  it('puts the box centre in the frame centre and keeps the whole box inside, within the padding', () => {
    const f = fitFrame(KRASNIK, 480, 400, 10);
    const [cx, cy] = f.project((KRASNIK[0] + KRASNIK[2]) / 2, (KRASNIK[1] + KRASNIK[3]) / 2);
    expect(cx).toBeCloseTo(240, 6);
    expect(cy).toBeCloseTo(200, 6);
    const corners = [f.project(KRASNIK[0], KRASNIK[1]), f.project(KRASNIK[2], KRASNIK[3])];
    for (const [x, y] of corners) {
      expect(x).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(x).toBeLessThanOrEqual(470 + 1e-9);
      expect(y).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(y).toBeLessThanOrEqual(390 + 1e-9);
    }
    // The box touches the padding on its tighter side (it is as large as it can be).
    const [[x0, y0], [x1, y1]] = corners as [[number, number], [number, number]];
    expect(Math.max(Math.abs(x1 - x0) - 460, Math.abs(y0 - y1) - 380)).toBeCloseTo(0, 6);
  });

  it('keeps north up and east right (y grows downwards, as in SVG)', () => {
    const f = fitFrame(KRASNIK, 300, 300);
    const [, ySouth] = f.project(22.2, 50.91);
    const [, yNorth] = f.project(22.2, 50.97);
    const [xWest] = f.project(22.14, 50.94);
    const [xEast] = f.project(22.28, 50.94);
    expect(yNorth).toBeLessThan(ySouth);
    expect(xEast).toBeGreaterThan(xWest);
  });

  it('measures true metres: 0.01° of latitude (≈ 1113 m) spans 1113 / metresPerPt points, and a degree of longitude shrinks by cos(latitude)', () => {
    const f = fitFrame(KRASNIK, 500, 500, 0);
    const [, a] = f.project(22.2, 50.94);
    const [, b] = f.project(22.2, 50.95);
    expect((a - b) * f.metresPerPt).toBeCloseTo(1113.2, 0);
    const [x0] = f.project(22.2, 50.94);
    const [x1] = f.project(22.21, 50.94);
    expect((x1 - x0) * f.metresPerPt).toBeCloseTo(1113.2 * Math.cos((50.9427 * Math.PI) / 180), 0);
  });

  it('reports the ground box it shows, which contains the box asked for', () => {
    const f = fitFrame(KRASNIK, 600, 200, 0);
    expect(f.shown[0]).toBeLessThanOrEqual(KRASNIK[0] + 1e-12);
    expect(f.shown[2]).toBeGreaterThanOrEqual(KRASNIK[2] - 1e-12);
    expect(f.shown[1]).toBeCloseTo(KRASNIK[1], 9);
    expect(f.shown[3]).toBeCloseTo(KRASNIK[3], 9);
    const [x] = f.project(f.shown[0], 50.94);
    expect(x).toBeCloseTo(0, 6);
  });

  it('gives a single point a frame instead of dividing by zero', () => {
    const f = fitFrame([22.2, 50.9, 22.2, 50.9], 100, 100);
    expect(Number.isFinite(f.metresPerPt)).toBe(true);
    expect(f.project(22.2, 50.9)).toEqual([50, 50]);
  });
});

describe('svgPath and friends', () => {
  const f = fitFrame([0, 0, 0.01, 0.01], 100, 100, 0);

  it('writes lines open and rings closed, holes as rings of their own', () => {
    expect(svgPath({ type: 'LineString', coordinates: [[0, 0.005], [0.01, 0.005]] }, f)).toBe('M0 50L100 50');
    const poly = svgPath({ type: 'Polygon', coordinates: [[[0, 0], [0.01, 0], [0.01, 0.01], [0, 0]], [[0.004, 0.004], [0.006, 0.004], [0.005, 0.006], [0.004, 0.004]]] }, f);
    expect(poly.match(/M/g)!.length).toBe(2);
    expect(poly.match(/Z/g)!.length).toBe(2);
    expect(poly.startsWith('M0 100L100 100L100 0')).toBe(true);
    expect(svgPath({ type: 'Point', coordinates: [0, 0] }, f)).toBe('');
  });

  it('drops vertices that print on the same spot', () => {
    expect(svgPath({ type: 'LineString', coordinates: [[0, 0], [0.0000001, 0], [0.01, 0]] }, f)).toBe('M0 100L100 100');
  });

  it('finds points in collections, the shape to draw, and the box of several geometries', () => {
    const gc = { type: 'GeometryCollection' as const, geometries: [{ type: 'Point' as const, coordinates: [0.005, 0.005] }, { type: 'LineString' as const, coordinates: [[0, 0], [0.01, 0.01]] }] };
    expect(pointsOf(gc, f)).toEqual([[50, 50]]);
    expect(shapeOf(gc)).toBe('mixed');
    expect(shapeOf({ type: 'MultiPolygon', coordinates: [] })).toBe('area');
    expect(bboxOfGeometries([gc, null, { type: 'Point', coordinates: [-1, 2] }])).toEqual([-1, 0, 0.01, 2]);
    expect(bboxOfGeometries([])).toBeNull();
    expect(growBox([0, 0, 10, 20], 0.1)).toEqual([-1, -2, 11, 22]);
  });
});

describe('scaleBar', () => {
  it('picks a round length (1, 2 or 5 × 10ⁿ m) that fits', () => {
    expect(scaleBar(10, 100)).toEqual({ metres: 1000, pt: 100, label: '1 km' });
    expect(scaleBar(10, 99)).toEqual({ metres: 500, pt: 50, label: '500 m' });
    expect(scaleBar(30, 100)).toEqual({ metres: 2000, pt: 2000 / 30, label: '2 km' });
    expect(scaleBar(3, 100).label).toBe('200 m');
    expect(scaleBar(100, 25).label).toBe('2 km');
    expect(scaleBar(100, 15).label).toBe('1 km');
    expect(scaleBar(1000, 150).label).toBe('100 km');
    expect(scaleBar(40, 100).label).toBe('2 km');
  });
});
