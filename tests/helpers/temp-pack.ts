import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPack } from '../../server/packs/load-packs.ts';
import { PackErrors } from '../../server/packs/pack-error.ts';

export const FIXTURE_PACKS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'packs');
export const REAL_PACKS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');

/** Copies a fixture pack into a fresh temp folder (named like the pack) so a test can break it. */
export function copyPack(name = 'mini'): string {
  const root = mkdtempSync(path.join(tmpdir(), 'kp-pack-'));
  const dir = path.join(root, name);
  cpSync(path.join(FIXTURE_PACKS, name), dir, { recursive: true });
  return dir;
}

/** Reads a JSON file of a copied pack, lets the test change it, writes it back. */
export function editJson(dir: string, file: string, edit: (json: any) => void): void {
  const p = path.join(dir, file);
  const json = JSON.parse(readFileSync(p, 'utf8'));
  edit(json);
  writeFileSync(p, JSON.stringify(json));
}

/** The problems loading a pack reports (empty when it loads). */
export async function problemsOf(dir: string): Promise<string[]> {
  try {
    await loadPack(dir);
  } catch (e) {
    if (e instanceof PackErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  return [];
}
