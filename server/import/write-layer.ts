/**
 * Writes an imported layer into its pack folder atomically (temporary file + rename), then
 * loads the whole pack again to prove it still loads; when it does not, the previous file is
 * put back (unless told to keep the new one) and the pack's problems are returned.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadPack, type CityPack } from '../packs/load-packs.ts';
import { PackErrors } from '../packs/pack-error.ts';
import type { ImportTarget } from './import-target.ts';

export type WriteOutcome =
  | { ok: true; file: string; pack: CityPack }
  | { ok: false; file: string; restored: boolean; problems: string[] };

/**
 * @example
 * const out = await writeLayer(target, layerFileText(target, features, 'replace'));
 * if (!out.ok) console.error(out.problems.join('\n'));
 */
export async function writeLayer(target: ImportTarget, content: string, options: { restoreOnFailure?: boolean } = {}): Promise<WriteOutcome> {
  const file = path.join(target.dir, target.layer.file);
  const previous = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  await writeAtomically(file, content);
  try {
    return { ok: true, file, pack: await loadPack(target.dir) };
  } catch (e) {
    if (!(e instanceof PackErrors)) throw e;
    const restore = options.restoreOnFailure ?? true;
    if (restore) {
      if (previous === null) await rm(file, { force: true });
      else await writeAtomically(file, previous);
    }
    return { ok: false, file, restored: restore, problems: e.errors.map((p) => p.message) };
  }
}

/** Writes `content` to a sibling temporary file and renames it over `file` (atomic on one file system). */
export async function writeAtomically(file: string, content: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, content);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
