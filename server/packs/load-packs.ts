/**
 * Loads every city pack under a folder once at start-up: read, validate, index.
 * A broken pack stops the server with a message naming file, feature and problem.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { PackErrors } from './pack-error.ts';
import { readPackFiles } from './read-pack-files.ts';
import { validatePack } from './validate-pack.ts';
import { indexPack, type CityPack } from './index-pack.ts';

export type { CityPack } from './index-pack.ts';

/** Reads, validates and indexes one pack folder; `layerTexts` (layer id → GeoJSON text) replace those layers' files. */
export async function loadPack(dir: string, layerTexts?: ReadonlyMap<string, string>): Promise<CityPack> {
  const raw = await readPackFiles(dir, layerTexts);
  const problems = validatePack(raw);
  if (problems.length > 0) throw new PackErrors(problems);
  return indexPack(raw);
}

/** Every sub-folder of `packsDir` holding a manifest.json is a city pack. */
export async function loadPacks(packsDir: string): Promise<Map<string, CityPack>> {
  const entries = await readdir(packsDir);
  const packs = new Map<string, CityPack>();
  for (const name of entries.sort()) {
    const dir = path.join(packsDir, name);
    if (!(await stat(dir)).isDirectory()) continue;
    try {
      await stat(path.join(dir, 'manifest.json'));
    } catch {
      continue;
    }
    const pack = await loadPack(dir);
    packs.set(pack.id, pack);
  }
  if (packs.size === 0) throw new Error(`no city pack found in ${packsDir} (a pack is a folder with manifest.json)`);
  return packs;
}
