/**
 * Validates city packs the way the server does at start-up and prints what it found.
 * Usage: npm run check-pack [-- data/krasnik …]   (default: every pack in data/)
 */
import path from 'node:path';
import { ROOT_DIR } from '../server/config.ts';
import { loadPack, loadPacks } from '../server/packs/load-packs.ts';
import { PackErrors } from '../server/packs/pack-error.ts';

async function main(args: string[]) {
  const packs = args.length ? await Promise.all(args.map((a) => loadPack(path.resolve(a)))) : [...(await loadPacks(path.join(ROOT_DIR, 'data'))).values()];
  for (const p of packs) {
    console.log(`${p.id}: OK — ${p.districts.length} districts, ${p.boundaryAreaKm2.toFixed(2)} km²`);
    for (const l of p.layers.values()) {
      const c = l.catalogue;
      const km = c.measuredKm !== undefined ? `, ${c.measuredKm.toFixed(2)} km measured / ${c.declaredKm!.toFixed(2)} km declared` : '';
      console.log(`  ${c.id.padEnd(22)} ${String(c.featureCount).padStart(4)} features (${c.kind}, ${c.accuracy})${km}`);
    }
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof PackErrors || e instanceof Error ? e.message : String(e));
  process.exit(1);
});
