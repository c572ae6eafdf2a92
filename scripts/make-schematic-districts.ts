/**
 * Builds a schematic district tiling for a pack that has no official district boundaries
 * (see server/import/schematic-districts.ts) and writes data/<city>/districts.geojson.
 * `npm run import -- --city <city> --boundary FILE` runs the same after replacing the boundary.
 *
 * Usage: npx tsx scripts/make-schematic-districts.ts kalisz
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { area } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { ROOT_DIR } from '../server/config.ts';
import { formatPackJson, schematicDistricts, SeedFile } from '../server/import/schematic-districts.ts';

function main(city: string) {
  const dir = path.join(ROOT_DIR, 'data', city);
  const boundary = JSON.parse(readFileSync(path.join(dir, 'boundary.geojson'), 'utf8')).features[0] as Feature<Polygon | MultiPolygon>;
  const seeds = SeedFile.parse(JSON.parse(readFileSync(path.join(dir, 'district-seeds.json'), 'utf8')));
  const features = schematicDistricts(boundary, seeds);
  writeFileSync(path.join(dir, 'districts.geojson'), formatPackJson({ type: 'FeatureCollection', features }));
  for (const f of features) console.log(`${f.properties.name.padEnd(14)} ${(area(f) / 1e6).toFixed(2).padStart(6)} km²`);
  console.log(`${'(boundary)'.padEnd(14)} ${(area(boundary) / 1e6).toFixed(2).padStart(6)} km²`);
}

main(process.argv[2] ?? 'kalisz');
