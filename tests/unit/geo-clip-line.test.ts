import { destination, distance, length, lineString, polygon } from '@turf/turf';
import type { LineString, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { clippedLengthKm } from '../../server/geo/clip-line-length.ts';

// A square district 1 km on a side, built from geodesic offsets so its size is known.
const sw: Position = [22.2, 50.9];
const se = destination(sw, 1, 90).geometry.coordinates;
const nw = destination(sw, 1, 0).geometry.coordinates;
const ne: Position = [se[0]!, nw[1]!];
const square: Polygon = polygon([[sw, se, ne, nw, sw]]).geometry;
const line = (...pts: Position[]): LineString => lineString(pts).geometry;
const midLat = (sw[1]! + nw[1]!) / 2;

describe('clippedLengthKm', () => {
  it('measures exactly the part of a straight line inside a square', () => {
    // Along the parallel through the middle, from 0.5 km west of the square to 0.5 km east of it.
    const a: Position = [sw[0]! - (se[0]! - sw[0]!) / 2, midLat];
    const b: Position = [se[0]! + (se[0]! - sw[0]!) / 2, midLat];
    const inside = distance([sw[0]!, midLat], [se[0]!, midLat], { units: 'kilometers' });
    expect(clippedLengthKm(line(a, b), square)).toBeCloseTo(inside, 6); // within 1 mm
    expect(inside).toBeCloseTo(1, 2);
  });

  it('returns the whole length for a line inside and 0 for a line outside', () => {
    const inner = line([sw[0]! + 0.001, midLat], [se[0]! - 0.001, midLat + 0.001]);
    expect(clippedLengthKm(inner, square)).toBeCloseTo(length(lineString(inner.coordinates)), 9);
    expect(clippedLengthKm(line([21, 50], [21.1, 50.1]), square)).toBe(0);
  });

  it('sums both pieces of a route that leaves and re-enters', () => {
    // A U-shaped polygon: the line crosses the left arm, the gap, and the right arm.
    const u = polygon([[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]]).geometry;
    const r = line([-1, 2], [4, 2]);
    const expected = distance([0, 2], [1, 2], { units: 'kilometers' }) + distance([2, 2], [3, 2], { units: 'kilometers' });
    expect(clippedLengthKm(r, u)).toBeCloseTo(expected, 6);
  });

  it('respects holes', () => {
    const holed = polygon([
      [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
      [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]],
    ]).geometry;
    const r = line([0, 2], [4, 2]);
    expect(clippedLengthKm(r, holed)).toBeCloseTo(distance([0, 2], [1, 2], { units: 'kilometers' }) * 2, 5);
  });

  it('counts a line running along a shared border once, for the area on its left', () => {
    const west = polygon([[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]).geometry;
    const east = polygon([[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]).geometry;
    const north = line([1, 0.2], [1, 0.8]); // heading north: west is on its left
    const km = distance([1, 0.2], [1, 0.8], { units: 'kilometers' });
    expect(clippedLengthKm(north, west)).toBeCloseTo(km, 9);
    expect(clippedLengthKm(north, east)).toBe(0);
    const south = line([1, 0.8], [1, 0.2]); // heading south: east is on its left
    expect(clippedLengthKm(south, east)).toBeCloseTo(km, 9);
    expect(clippedLengthKm(south, west)).toBe(0);
  });

  it('adds up over areas that tile a region, for 200 random lines (seeded)', () => {
    // Four irregular quadrants sharing a centre vertex and edges with identical vertices.
    const c: Position = [0.47, 0.53];
    const tiles = [
      [[0, 0], [0.5, 0], c, [0, 0.6], [0, 0]],
      [[0.5, 0], [1, 0], [1, 0.4], c, [0.5, 0]],
      [[1, 0.4], [1, 1], [0.55, 1], c, [1, 0.4]],
      [[0.55, 1], [0, 1], [0, 0.6], c, [0.55, 1]],
    ].map((ring) => polygon([ring as Position[]]).geometry);
    let seed = 42;
    const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    for (let i = 0; i < 200; i++) {
      const pts: Position[] = Array.from({ length: 2 + (i % 4) }, () => [rnd(), rnd()]);
      if (i % 10 === 0) pts.push([0.5, 0], c); // some run exactly along a shared edge
      const r = line(...pts);
      const total = length(lineString(pts), { units: 'kilometers' });
      const sum = tiles.reduce((s, t) => s + clippedLengthKm(r, t), 0);
      expect(Math.abs(sum - total) * 1000, `line ${i}`).toBeLessThan(0.001); // 1 mm
    }
  });
});
