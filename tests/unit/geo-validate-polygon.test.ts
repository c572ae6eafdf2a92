import { circle } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { findCrossing } from '../../server/geo/find-crossing.ts';
import { validatePolygonInput } from '../../server/geo/validate-polygon.ts';

const sq = [[22, 50], [22.01, 50], [22.01, 50.01], [22, 50.01], [22, 50]];

describe('validatePolygonInput', () => {
  it('accepts a polygon, a multipolygon and a feature holding one', () => {
    expect(validatePolygonInput({ type: 'Polygon', coordinates: [sq] }).valid).toBe(true);
    expect(validatePolygonInput({ type: 'MultiPolygon', coordinates: [[sq]] }).valid).toBe(true);
    expect(validatePolygonInput({ type: 'Feature', properties: null, geometry: { type: 'Polygon', coordinates: [sq] } }).valid).toBe(true);
  });

  const cases: [string, unknown, string, RegExp][] = [
    ['a point', { type: 'Point', coordinates: [0, 0] }, 'geometry-type', /got Point/],
    ['no type', { coordinates: [] }, 'geometry-type', /without "type"/],
    ['a string', 'Polygon', 'geometry-type', /got string/],
    ['empty coordinates', { type: 'Polygon', coordinates: [] }, 'geometry-type', /non-empty/],
    ['a string coordinate', { type: 'Polygon', coordinates: [[[22, 'x'], ...sq.slice(1)]] }, 'position-invalid', /position 0 of ring 0/],
    ['NaN', { type: 'Polygon', coordinates: [[[NaN, 50], ...sq.slice(1)]] }, 'position-invalid', /finite/],
    ['Infinity', { type: 'Polygon', coordinates: [[[Infinity, 50], ...sq.slice(1)]] }, 'position-invalid', /finite/],
    ['4 numbers', { type: 'Polygon', coordinates: [[[22, 50, 1, 2], ...sq.slice(1)]] }, 'position-invalid', /longitude, latitude/],
    ['latitude 95', { type: 'Polygon', coordinates: [[[22, 95], [23, 95], [23, 96], [22, 95]]] }, 'coordinate-range', /latitude within −90…90/],
    ['3 positions', { type: 'Polygon', coordinates: [[[22, 50], [23, 50], [22, 50]]] }, 'ring-too-short', /has 3 positions/],
    ['unclosed', { type: 'Polygon', coordinates: [sq.slice(0, 4)] }, 'ring-not-closed', /ring 0 is not closed/],
    ['unclosed 5', { type: 'Polygon', coordinates: [[...sq.slice(0, 4), [22, 50.005]]] }, 'ring-not-closed', /first position \[22, 50\] differs from the last \[22, 50.005\]/],
    ['a bow-tie', { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] }, 'self-intersection', /near \[0\.500000, 0\.500000\]/],
    ['a hole crossing the shell', { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]], [[1, 1], [3, 1], [3, 1.5], [1, 1.5], [1, 1]]] }, 'self-intersection', /crosses itself/],
    ['a flat ring', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [2, 0], [0, 0]]] }, 'self-intersection', /crosses/],
  ];
  for (const [what, input, rule, message] of cases) {
    it(`refuses ${what} with rule ${rule}`, () => {
      const r = validatePolygonInput(input);
      expect(r.valid).toBe(false);
      if (!r.valid) {
        expect(r.rule).toBe(rule);
        expect(r.message).toMatch(message);
      }
    });
  }

  it('counts vertices before anything else: 10 001 is too many, 10 000 is fine', () => {
    const ok = circle([22, 50], 1, { steps: 9_999 }).geometry; // 10 000 positions with the closing one
    expect(ok.coordinates[0]!.length).toBe(10_000);
    expect(validatePolygonInput(ok).valid).toBe(true);
    const big = circle([22, 50], 1, { steps: 10_000 }).geometry;
    const r = validatePolygonInput(big);
    expect(r.valid === false && r.rule).toBe('too-many-vertices');
  });

  it('never throws on junk', () => {
    let deep: unknown = [];
    for (let i = 0; i < 10_000; i++) deep = [deep];
    for (const junk of [null, undefined, 0, true, [], {}, 'x', deep, { type: 'Polygon', coordinates: deep }, { type: 'Polygon', coordinates: [deep] }, { type: 'MultiPolygon', coordinates: [[[[null]]]] }]) {
      expect(() => validatePolygonInput(junk)).not.toThrow();
      expect(validatePolygonInput(junk).valid).toBe(false);
    }
  });
});

describe('findCrossing', () => {
  it('finds nothing in a simple ring and the crossing in a figure eight', () => {
    expect(findCrossing([sq])).toBeNull();
    expect(findCrossing([[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]])).toEqual([1, 1]);
  });
});
