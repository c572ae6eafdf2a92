/**
 * Builds a schematic district tiling for a pack that has no official district boundaries:
 * a Voronoi partition of the town boundary around one seed point per named district.
 * The seeds (and why each sits where it does) live in data/<city>/district-seeds.json; the
 * output, rounded to 6 decimals, is written to data/<city>/districts.geojson and committed.
 *
 * Usage: npx tsx scripts/make-schematic-districts.ts kalisz
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { area, bbox, booleanPointInPolygon, featureCollection, intersect, point, voronoi } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { ROOT_DIR } from '../server/config.ts';

interface Seed {
  id: string;
  name: string;
  /** Where the seed sits, [lon, lat]. */
  at: [number, number];
  description: string;
  /** How the seed was placed (goes into source.note). */
  note: string;
  url?: string;
}
interface SeedFile {
  document: string;
  section: string;
  seeds: Seed[];
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

function roundGeometry(g: Polygon | MultiPolygon): Polygon | MultiPolygon {
  const ring = (r: Position[]) => {
    const out: Position[] = [];
    for (const p of r) {
      const q = [round(p[0]!), round(p[1]!)];
      const prev = out[out.length - 1];
      if (!prev || prev[0] !== q[0] || prev[1] !== q[1]) out.push(q);
    }
    return out;
  };
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(ring) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
}

/** JSON with each [lon, lat] pair on one line, like the hand-written pack files. */
function format(json: unknown): string {
  return JSON.stringify(json, null, 2).replace(/\[\s+(-?[\d.e-]+),\s+(-?[\d.e-]+)\s+\]/g, '[$1, $2]') + '\n';
}

function main(city: string) {
  const dir = path.join(ROOT_DIR, 'data', city);
  const boundary = JSON.parse(readFileSync(path.join(dir, 'boundary.geojson'), 'utf8')).features[0] as Feature<Polygon | MultiPolygon>;
  const { document, section, seeds } = JSON.parse(readFileSync(path.join(dir, 'district-seeds.json'), 'utf8')) as SeedFile;
  for (const s of seeds) {
    if (!booleanPointInPolygon(s.at, boundary)) throw new Error(`seed "${s.id}" ${JSON.stringify(s.at)} lies outside the boundary`);
  }
  const [w, s, e, n] = bbox(boundary);
  const pad = 0.05;
  const cells = voronoi(featureCollection(seeds.map((x) => point(x.at))), { bbox: [w - pad, s - pad, e + pad, n + pad] });
  const features = seeds.map((seed, i) => {
    const cell = cells.features[i];
    const clipped = cell ? intersect(featureCollection([cell as Feature<Polygon>, boundary])) : null;
    if (!clipped) throw new Error(`seed "${seed.id}" has an empty cell`);
    return {
      type: 'Feature' as const,
      geometry: roundGeometry(clipped.geometry),
      properties: {
        id: seed.id,
        name: seed.name,
        description: seed.description,
        accuracy: 'schematic',
        source: { document, section, note: seed.note, ...(seed.url ? { url: seed.url } : {}) },
      },
    };
  });
  writeFileSync(path.join(dir, 'districts.geojson'), format({ type: 'FeatureCollection', features }));
  const total = area(boundary) / 1e6;
  for (const f of features) console.log(`${f.properties.name.padEnd(14)} ${(area(f) / 1e6).toFixed(2).padStart(6)} km²`);
  console.log(`${'(boundary)'.padEnd(14)} ${total.toFixed(2).padStart(6)} km²`);
}

main(process.argv[2] ?? 'kalisz');
