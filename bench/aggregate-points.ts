/**
 * Aggregates N random points inside the town into districts with the grid index, beside a
 * naive booleanPointInPolygon loop over every district, in the same run.
 *   npx tsx bench/aggregate-points.ts [data/krasnik/districts.geojson]
 */
import { readFileSync } from 'node:fs';
import { bbox, booleanPointInPolygon, featureCollection } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { buildDistrictIndex } from '../server/geo/build-district-index.ts';

const file = process.argv[2] ?? 'data/krasnik/districts.geojson';
const districts = (JSON.parse(readFileSync(file, 'utf8')) as { features: Feature<Polygon | MultiPolygon, { id: string }>[] }).features;
const [w, s, e, n] = bbox(featureCollection(districts));

function randomPoints(count: number, seed: number): Float64Array {
  const out = new Float64Array(count * 2);
  for (let i = 0; i < out.length; i += 2) {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    out[i] = w + (seed / 2 ** 32) * (e - w);
    seed = (seed * 1664525 + 1013904223) >>> 0;
    out[i + 1] = s + (seed / 2 ** 32) * (n - s);
  }
  return out;
}

function naive(coords: Float64Array): Int32Array {
  const out = new Int32Array(coords.length / 2).fill(-1);
  for (let i = 0; i < out.length; i++) {
    const p = [coords[2 * i]!, coords[2 * i + 1]!];
    for (let k = 0; k < districts.length; k++) {
      if (booleanPointInPolygon(p, districts[k]!)) {
        out[i] = k;
        break;
      }
    }
  }
  return out;
}

/** Median wall time of `runs` runs, in ms. */
function median(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[runs >> 1]!;
}

const counts = (r: Int32Array) => {
  const c = new Array(districts.length + 1).fill(0);
  for (const k of r) c[k < 0 ? districts.length : k]++;
  return c;
};

const t0 = performance.now();
const index = buildDistrictIndex(districts.map((d) => ({ id: d.properties.id, geometry: d.geometry })));
console.log(`${file}: ${districts.length} districts; index built in ${(performance.now() - t0).toFixed(1)} ms (random points over the town's bounding box; those outside every district count as outside)`);
console.log('N         | index ms | index points/s | naive ms  | naive points/s | speed-up | same counts');
for (const N of [10_000, 100_000, 1_000_000]) {
  const pts = randomPoints(N, N);
  index.locateMany(randomPoints(100_000, 1)); // warm up the JIT
  let fast: Int32Array = new Int32Array(0);
  const fastMs = median(5, () => {
    fast = index.locateMany(pts);
  });
  // The naive loop takes tens of seconds at 1M: measure it on 100k and extrapolate, and say so.
  const naiveN = Math.min(N, 100_000);
  let slow: Int32Array = new Int32Array(0);
  const naiveMs = (median(3, () => {
    slow = naive(naiveN === N ? pts : pts.subarray(0, naiveN * 2));
  }) * N) / naiveN;
  const same = naiveN === N ? (JSON.stringify(counts(fast)) === JSON.stringify(counts(slow)) ? 'yes' : 'NO') : JSON.stringify(counts(fast.subarray(0, naiveN))) === JSON.stringify(counts(slow)) ? 'yes (first 100k)' : 'NO';
  console.log(
    `${String(N).padEnd(9)} | ${fastMs.toFixed(1).padStart(8)} | ${Math.round(N / (fastMs / 1000)).toLocaleString('en').padStart(14)} | ${naiveMs.toFixed(0).padStart(8)}${naiveN < N ? '*' : ' '} | ${Math.round(N / (naiveMs / 1000)).toLocaleString('en').padStart(14)} | ${(naiveMs / fastMs).toFixed(0).padStart(7)}× | ${same}`,
  );
}
console.log('Times are medians (index: 5 runs, naive: 3). * extrapolated from the first 100 000 points. The naive loop stops at the first district that contains the point.');
