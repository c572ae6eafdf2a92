import { circle } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { findCrossing } from '../../server/geo/find-crossing.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { validatePolygonInput } from '../../server/geo/validate-polygon.ts';
import { refusalMessage } from '../../server/http/messages.ts';

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
    ['a bow-tie', { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] }, 'self-intersection', /near \[0\.5, 0\.5\]/],
    ['a hole crossing the shell', { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]], [[1, 1], [3, 1], [3, 1.5], [1, 1.5], [1, 1]]] }, 'self-intersection', /crosses itself/],
    ['a flat ring', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [2, 0], [0, 0]]] }, 'self-intersection', /crosses/],
  ];
  for (const [what, input, rule, message] of cases) {
    it(`refuses ${what} with rule ${rule}`, () => {
      const r = validatePolygonInput(input);
      expect(r.valid).toBe(false);
      if (!r.valid) {
        expect(r.rule).toBe(rule);
        // The check returns data; the caller words it (as the query route does, naming the field).
        expect(r).not.toHaveProperty('message');
        expect(refusalMessage(r.rule, { field: 'area', ...r.params })).toMatch(message);
      }
    });
  }

  it('counts vertices before anything else: 501 is too many for a drawn area, 500 is fine, and the cap is a parameter', () => {
    const ok = circle([22, 50], 1, { steps: 499 }).geometry; // 500 positions with the closing one
    expect(ok.coordinates[0]!.length).toBe(500);
    expect(validatePolygonInput(ok).valid).toBe(true);
    const big = circle([22, 50], 1, { steps: 500 }).geometry;
    const r = validatePolygonInput(big);
    expect(r).toMatchObject({ valid: false, rule: 'too-many-vertices', params: { max: 500, count: 501 } });
    expect(validatePolygonInput(big, 1000).valid).toBe(true);
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

/** An ellipse of n vertices (plus the closing one) around (lon, lat), rx × ry degrees, optionally rounded. */
function ellipse(n: number, rx: number, ry: number, decimals?: number): number[][] {
  const r = (v: number) => (decimals === undefined ? v : Math.round(v * 10 ** decimals) / 10 ** decimals);
  const ring = Array.from({ length: n }, (_, i) => [r(22.2 + rx * Math.cos((2 * Math.PI * i) / n)), r(50.9 + ry * Math.sin((2 * Math.PI * i) / n))]);
  return [...ring, ring[0]!];
}

/** Every pair of non-neighbouring segments, the slow sure way. */
function bruteForceCrossings(ring: number[][]): number {
  const n = ring.length - 1;
  const o = (a: number[], b: number[], c: number[]) => Math.sign((b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!));
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const [a, b, c, d] = [ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!];
      if (o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0) count++;
    }
  }
  return count;
}

describe('server/geo', () => {
  it('is pure geometry: its modules import only each other, npm libraries and types, never the HTTP layer', () => {
    const dir = new URL('../../server/geo/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('validate-polygon.ts');
    for (const file of files) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      const imports = [...text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)].map((m) => ({ typeOnly: !!m[1], from: m[2]! }));
      for (const { typeOnly, from } of imports) {
        expect(from, `${file} imports ${from}`).not.toMatch(/\/http\//);
        if (from.startsWith('../')) expect(typeOnly, `${file} imports ${from} (only types may come from outside server/geo)`).toBe(true);
      }
    }
  });
});

describe('findCrossing', () => {
  it('passes simple ellipses of 2,500 vertices, large and small, thin, rounded to 7 decimals, and with repeated vertices', () => {
    const cases = [ellipse(2500, 0.01, 0.005), ellipse(2500, 0.0005, 0.0002), ellipse(2500, 0.0001, 0.0000001), ellipse(2500, 0.003, 0.002, 7)];
    const repeated = ellipse(2500, 0.01, 0.005);
    repeated.splice(100, 0, repeated[100]!, repeated[100]!);
    cases.push(repeated);
    for (const ring of cases) {
      expect(bruteForceCrossings(ring)).toBe(0);
      expect(findCrossing([ring])).toBeNull();
    }
    expect(validatePolygonInput({ type: 'Polygon', coordinates: [ellipse(2500, 0.01, 0.005)] }, 3000)).toMatchObject({ valid: true });
  });

  it('finds the first crossing of a 24,001-vertex zigzag with thousands of crossings without listing them all', () => {
    // A comb folded back over itself: every tooth of the way back crosses the way out.
    const out = Array.from({ length: 12_000 }, (_, i) => [22 + i * 1e-5, 50.9 + (i % 2) * 1e-3]);
    const back = Array.from({ length: 12_000 }, (_, i) => [22 + (12_000 - i) * 1e-5 - 5e-6, 50.9 + ((i + 1) % 2) * 1e-3]);
    const ring = [...out, ...back, out[0]!];
    expect(ring.length).toBe(24_001);
    expect(findCrossing([ring])).not.toBeNull();
  });


  it('finds nothing in a simple ring and the crossing in a figure eight', () => {
    expect(findCrossing([sq])).toBeNull();
    expect(findCrossing([[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]])).toEqual([1, 1]);
  });
});
