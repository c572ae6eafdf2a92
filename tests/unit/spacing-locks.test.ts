import { describe, expect, it } from 'vitest';
import { spacingBox } from '../../server/store/rows.ts';
import { spacingLocks } from '../../server/store/postgres/spacing-locks.ts';

type Box = [number, number, number, number];
const M_LAT = 1 / 111_320; // about one metre of latitude in degrees

/** The locks of a point at (lon, lat) under a rule of minM metres. */
function pointLocks(lon: number, lat: number, minM: number, kind = 'tree') {
  const { dLon, dLat } = spacingBox(lat, minM);
  return spacingLocks('gród', kind, [lon, lat, lon, lat], [lon - dLon, lat - dLat, lon + dLon, lat + dLat]);
}

/** Whether two sets of locks make one transaction wait for the other (a common key held exclusive by either). */
function conflict(a: ReturnType<typeof spacingLocks>, b: ReturnType<typeof spacingLocks>): boolean {
  const mode = new Map(a.keys.map((k, i) => [k, a.exclusive[i]!]));
  return b.keys.some((k, i) => mode.has(k) && (mode.get(k) || b.exclusive[i]));
}

/** Deterministic pseudo-random numbers (the check must not depend on luck). */
function random(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('spacing locks', () => {
  it('makes every pair that could break each other’s spacing meet on a lock, whatever rules and sizes', () => {
    const next = random(7);
    for (let i = 0; i < 4000; i++) {
      const lon = 22.21 + next() * 0.01;
      const lat = 50.86 + next() * 0.01;
      const ruleA = [3, 5, 30, 100][i % 4]!;
      const ruleB = [3, 10, 3, 50][(i >> 2) % 4]!;
      // B somewhere inside A's spacing box (so possibly too close to A).
      const { dLon, dLat } = spacingBox(lat, ruleA);
      const lonB = lon + (next() * 2 - 1) * dLon;
      const latB = lat + (next() * 2 - 1) * dLat;
      expect(conflict(pointLocks(lon, lat, ruleA), pointLocks(lonB, latB, ruleB)), `${lon},${lat} (${ruleA} m) vs ${lonB},${latB} (${ruleB} m)`).toBe(true);
    }
  });

  it('lets neighbours 7 m apart under a 3 m rule go ahead together, and other kinds anywhere', () => {
    const lat = 50.8621;
    const m = M_LAT / Math.cos((lat * Math.PI) / 180); // a metre of longitude
    for (let k = 0; k < 50; k++) {
      const x = 22.2101 + k * 0.37 * m;
      expect(conflict(pointLocks(x, lat, 3), pointLocks(x + 7.5 * m, lat, 3))).toBe(false);
      expect(conflict(pointLocks(x, lat, 3), pointLocks(x, lat + 9 * M_LAT, 3))).toBe(false);
      expect(conflict(pointLocks(x, lat, 3), pointLocks(x, lat, 3, 'bench'))).toBe(false);
    }
  });

  it('takes each key once, coarse keys before fine ones, and falls back to coarse exclusive locks for a wide box', () => {
    const small = pointLocks(22.2101, 50.8621, 3);
    expect(new Set(small.keys).size).toBe(small.keys.length);
    expect(small.exclusive.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    const firstExclusive = small.exclusive.indexOf(true);
    const coarse = pointLocks(22.2101, 50.8621, 100);
    expect(coarse.exclusive.every(Boolean)).toBe(true);
    // The coarse keys of the wide box, shared by the small one, come first in its order.
    expect(small.keys.slice(0, firstExclusive).some((k) => coarse.keys.includes(k))).toBe(true);
    const line: Box = [22.2, 50.86, 22.23, 50.87];
    const wide = spacingLocks('gród', 'tree', line, [line[0] - 0.0001, line[1] - 0.0001, line[2] + 0.0001, line[3] + 0.0001]);
    expect(wide.keys.length).toBeLessThan(200);
    expect(wide.exclusive.every(Boolean)).toBe(true);
  });
});
