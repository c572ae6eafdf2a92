/** Shared set-up of the import tests: a fresh copy of the fixture pack "mini" and the usual mapping. */
import { distance } from '@turf/turf';
import type { Position } from 'geojson';
import { importLayer, type ImportFile, type ImportOptions, type ImportOutcome } from '../../server/import/import-layer.ts';
import { readTarget } from '../../server/import/import-target.ts';
import { copyPack } from '../helpers/temp-pack.ts';

/** Mapping that makes a valid strategy feature of any source with NAZWA/OPIS attributes. */
export const STRATEGY: Pick<ImportOptions, 'map' | 'set'> = {
  map: { name: 'NAZWA', description: 'OPIS' },
  set: { status: 'planned', accuracy: 'surveyed', goals: 'II.1', 'source.document': 'Test strategy', 'source.section': '1' },
};

/** Runs the import of `files` into `layer` of a fresh copy of "mini"; returns the outcome and the pack folder. */
export async function importInto(layer: string, files: ImportFile[], options: Partial<ImportOptions> = {}): Promise<ImportOutcome & { dir: string }> {
  const dir = copyPack('mini');
  const target = await readTarget(dir, layer);
  const out = await importLayer(files, target, { mode: 'replace', ...STRATEGY, ...options });
  return { ...out, dir };
}

/** Asserts success and returns the value, so tests read straight. */
export function ok(out: ImportOutcome) {
  if (!out.ok) throw new Error(`import failed: ${out.error.code}: ${out.error.message}`);
  return out;
}

/** Largest distance in metres between corresponding positions of two coordinate trees. */
export function maxDeviationM(a: unknown, b: unknown): number {
  if (typeof (a as unknown[])[0] === 'number') return distance(a as Position, b as Position, { units: 'meters' });
  const aa = a as unknown[];
  const bb = b as unknown[];
  if (aa.length !== bb.length) return Infinity;
  return Math.max(0, ...aa.map((x, i) => maxDeviationM(x, bb[i])));
}
