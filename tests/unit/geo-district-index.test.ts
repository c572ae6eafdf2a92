import { booleanPointInPolygon, polygon } from '@turf/turf';
import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { buildDistrictIndex } from '../../server/geo/build-district-index.ts';

// A concave town (an L with a notch) tiled by four irregular districts; one district has a hole filled by a fifth.
const c: Position = [22.47, 50.53];
const rings: Position[][][] = [
  [[[22.0, 50.0], [22.5, 50.0], c, [22.0, 50.6], [22.0, 50.0]]],
  [[[22.5, 50.0], [23.0, 50.0], [23.0, 50.4], c, [22.5, 50.0]]],
  // North-east: from c around the corner, with a notch (22.55–22.8 × 50.7–51.0) cut out of the town.
  [[[23.0, 50.4], [23.0, 51.0], [22.8, 51.0], [22.8, 50.7], [22.55, 50.7], [22.55, 51.0], c, [23.0, 50.4]]],
  [
    [[22.55, 51.0], [22.0, 51.0], [22.0, 50.6], c, [22.55, 51.0]],
    [[22.2, 50.8], [22.3, 50.8], [22.3, 50.9], [22.2, 50.9], [22.2, 50.8]],
  ],
  [[[22.2, 50.8], [22.3, 50.8], [22.3, 50.9], [22.2, 50.9], [22.2, 50.8]]],
];
const districts = rings.map((r, i) => ({ id: `d${i}`, geometry: polygon(r).geometry as Polygon }));

function naive(lon: number, lat: number): string | null {
  for (const d of districts) if (booleanPointInPolygon([lon, lat], d.geometry, { ignoreBoundary: false })) return d.id;
  return null;
}

describe('buildDistrictIndex', () => {
  const index = buildDistrictIndex(districts);

  it('agrees with booleanPointInPolygon for 100 000 random points (seeded)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const coords = new Float64Array(200_000);
    for (let i = 0; i < coords.length; i += 2) {
      coords[i] = 21.9 + rnd() * 1.2;
      coords[i + 1] = 49.9 + rnd() * 1.2;
    }
    const many = index.locateMany(coords);
    let inside = 0;
    for (let i = 0; i < many.length; i++) {
      const expected = naive(coords[2 * i]!, coords[2 * i + 1]!);
      const got = many[i]! < 0 ? null : index.ids[many[i]!]!;
      if (got !== expected) throw new Error(`point ${i} [${coords[2 * i]}, ${coords[2 * i + 1]}]: index says ${got}, naive ${expected}`);
      if (got) inside++;
    }
    expect(inside).toBeGreaterThan(50_000);
    // The notch and the hole are honoured.
    expect(index.locate(22.7, 50.9)).toBeNull();
    expect(index.locate(22.25, 50.85)).toBe('d4');
  });

  it('puts a point on a shared border in the district listed first, and the outer boundary inside', () => {
    expect(index.locate(22.5, 50.0)).toBe('d0'); // corner shared by d0 and d1, on the outer edge
    expect(index.locate(22.485, 50.265)).toBe('d0'); // on the d0/d1 edge from [22.5,50] to c
    expect(index.locate(22.0, 50.3)).toBe('d0'); // outer boundary
    expect(index.locate(22.2, 50.85)).toBe('d3'); // on the hole's edge: d3 comes before d4
    expect(index.locate(21.99, 50.3)).toBeNull();
  });
});
