/**
 * What the write benches share: a copy of the test fixture town (`mini`) as the server's packs,
 * residents to write as, and autocannon's request for "a resident proposes a tree at the next
 * spot" (each request its own spot, so the 3 m rule never refuses one).
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import type { Request } from 'autocannon';
import { ROOT, tempDir } from '../tests/helpers/server-process.ts';

/** A fresh packs folder holding the fixture town `mini` (its proposals go under /api/cities/mini). */
export function miniPacksDir(): string {
  const packs = tempDir('kp-bench-packs-');
  cpSync(path.join(ROOT, 'tests', 'fixtures', 'packs', 'mini'), path.join(packs, 'mini'), { recursive: true });
  return packs;
}

/** `n` resident tokens, made through the API one after another. */
export async function residentTokens(url: string, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${url}/api/residents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ nickname: `bench${i}` }) });
    out.push(((await r.json()) as { token: string }).token);
  }
  return out;
}

/** autocannon's `requests`: each a tree at `spot(k)` for the k-th request, by the residents in turn. */
export function treeProposals(tokens: string[], spot: (k: number) => [number, number]): Request[] {
  let k = 0;
  return [
    {
      method: 'POST',
      setupRequest: (req) => {
        const i = k++;
        return {
          ...req,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i % tokens.length]}` },
          body: JSON.stringify({ kind: 'tree', geometry: { type: 'Point', coordinates: spot(i) }, species: 'tilia-cordata', count: 1, note: 'bench' }),
        };
      },
    },
  ];
}

/**
 * The k-th spot of a walk that scatters consecutive proposals across a part of the fixture
 * town (x 22.0045–22.0195, y 50.9075–50.9099: clear of its water and of the rows `bench/store.ts`
 * fills side by side), on a 3.5 × 3.3 m lattice (beyond the 3 m rule), band `band` of `bands`
 * each its own rows: as residents across a town write, rather than one after another on one
 * street. k × 48271 modulo the band's size visits every spot once (48271 is a prime that
 * divides no band size used here).
 */
export function spreadSpot(k: number, band = 0, bands = 1): [number, number] {
  const cols = 300;
  const rows = Math.floor(80 / bands);
  const j = (k * 48271) % spreadSpots(bands);
  return [22.0045 + (j % cols) * 0.00005, 50.9075 + (band * rows + Math.floor(j / cols)) * 0.00003];
}

/** How many spots a band of the spread walk has (spreadSpot repeats past it). */
export function spreadSpots(bands = 1): number {
  return 300 * Math.floor(80 / bands);
}
