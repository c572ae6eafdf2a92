/**
 * Replaces a town's boundary with an imported polygon. When the pack's districts are the
 * project's schematic cells (it has district-seeds.json), they are re-cut from the same seeds
 * so they tile the new boundary exactly; otherwise the districts stay as they are and the
 * pack check says whether they still tile it. Both files are written atomically and put back
 * when the pack would no longer load.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { loadPack, type CityPack } from '../packs/load-packs.ts';
import { PackErrors } from '../packs/pack-error.ts';
import type { PackFeature } from '../packs/types.ts';
import { ImportError } from './import-error.ts';
import { formatPackJson, schematicDistricts, SeedFile } from './schematic-districts.ts';
import { writeAtomically } from './write-layer.ts';

export type BoundaryWriteOutcome =
  | { ok: true; pack: CityPack; retiled: string[] | null }
  | { ok: false; restored: boolean; problems: string[] };

/** The one feature a boundary import must yield; throws ImportError('bad-option') otherwise. */
export function singleBoundary(features: PackFeature[]): Feature<Polygon | MultiPolygon> {
  if (features.length !== 1) {
    throw new ImportError('bad-option', { rule: 'boundary-count', count: features.length });
  }
  const f = features[0]!;
  if (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon') throw new ImportError('bad-option', { rule: 'boundary-type', type: f.geometry.type });
  return f as Feature<Polygon | MultiPolygon>;
}

/**
 * @example
 * const out = await writeBoundary('data/kalisz', feature); // out.retiled: ['srodmiescie', …]
 */
export async function writeBoundary(dir: string, boundary: Feature<Polygon | MultiPolygon>, options: { restoreOnFailure?: boolean } = {}): Promise<BoundaryWriteOutcome> {
  const boundaryFile = path.join(dir, 'boundary.geojson');
  const districtsFile = path.join(dir, 'districts.geojson');
  const seedsText = await readFile(path.join(dir, 'district-seeds.json'), 'utf8').catch(() => null);
  let districtsText: string | null = null;
  let retiled: string[] | null = null;
  if (seedsText !== null) {
    const seeds = SeedFile.safeParse(JSON.parse(seedsText));
    if (!seeds.success) return { ok: false, restored: true, problems: [`district-seeds.json: ${seeds.error.issues[0]!.path.join('.')}: ${seeds.error.issues[0]!.message}`] };
    try {
      const districts = schematicDistricts(boundary, seeds.data);
      districtsText = formatPackJson({ type: 'FeatureCollection', features: districts });
      retiled = districts.map((d) => d.properties.id);
    } catch (e) {
      return { ok: false, restored: true, problems: [`district-seeds.json: ${(e as Error).message}`] };
    }
  }
  const previous = { boundary: await readOrNull(boundaryFile), districts: await readOrNull(districtsFile) };
  await writeAtomically(boundaryFile, formatPackJson({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: boundary.properties, geometry: boundary.geometry }] }));
  if (districtsText !== null) await writeAtomically(districtsFile, districtsText);
  try {
    return { ok: true, pack: await loadPack(dir), retiled };
  } catch (e) {
    if (!(e instanceof PackErrors)) throw e;
    const restore = options.restoreOnFailure ?? true;
    if (restore) {
      await putBack(boundaryFile, previous.boundary);
      await putBack(districtsFile, previous.districts);
    }
    return { ok: false, restored: restore, problems: e.errors.map((p) => p.message) };
  }
}

async function readOrNull(file: string): Promise<Buffer | null> {
  return readFile(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
}

async function putBack(file: string, content: Buffer | null) {
  if (content === null) await rm(file, { force: true });
  else await writeAtomically(file, content);
}
