/**
 * npm run demo:progress [-- --dir /tmp/kp-demo] — sample progress updates, clearly marked as
 * DEMO, written into a scratch SQLite store (default: var/demo-progress/, never data/), so the
 * time control, "what's new" and the yearly report can be shown without inventing anything in
 * the packs. Start the viewer on it with: DATA_DIR=<dir> npm start
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ROOT_DIR } from '../server/config.ts';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store.ts';
import type { ProgressUpdate } from '../server/store/store.ts';

const arg = process.argv.indexOf('--dir');
const dir = path.resolve(arg > 0 ? process.argv[arg + 1]! : path.join(ROOT_DIR, 'var', 'demo-progress'));
const data = path.join(ROOT_DIR, 'data');
if (dir === data || dir.startsWith(`${data}${path.sep}`)) {
  console.error(`Refusing to write demo progress into ${dir}: the packs in data/ hold only the strategies' own content.`);
  process.exit(2);
}

const MARK = '[DEMO — dane przykładowe, nie stan faktyczny]';
const author = { kind: 'user' as const, id: 'demo', name: 'demo' };
const y = new Date().getUTCFullYear();
const samples: Omit<ProgressUpdate, 'id' | 'city' | 'author' | 'createdAt' | 'corrects'>[] = [
  { undertaking: 'system-tras-rowerowych-i-biegowych', asOf: `${y - 1}-04-15`, status: 'in_preparation', values: {}, note: `${MARK} Dokumentacja projektowa.`, geometry: null },
  { undertaking: 'system-tras-rowerowych-i-biegowych', asOf: `${y - 1}-10-30`, status: 'in_progress', values: { 'dlugosc-tras': 2.1, 'ul-kolejowa': 2.1 }, note: `${MARK} Odcinek przy ul. Kolejowej.`, geometry: { type: 'LineString', coordinates: [[22.21, 50.933], [22.223, 50.933]] } },
  { undertaking: 'krasnicki-klaster-energii', asOf: `${y - 1}-12-01`, status: 'in_preparation', values: { 'gospodarstwa-z-oze': 120 }, note: `${MARK} Nabór wniosków.`, geometry: null },
  { undertaking: 'centrum-nauki-i-robotyki', asOf: `${y}-01-10`, status: 'in_progress', values: {}, note: `${MARK} Umowa z wykonawcą.`, geometry: null },
];

const store = openSqliteStore(path.join(dir, 'plan.sqlite'));
let n = 0;
for (const s of samples) {
  const r = await store.addProgressUpdate({ ...s, id: randomUUID(), city: 'krasnik', author, corrects: null, createdAt: new Date().toISOString() });
  if (r.ok) n++;
}
await store.close();
console.log(`Wrote ${n} DEMO progress updates for Kraśnik into ${path.join(dir, 'plan.sqlite')} (each note starts with ${MARK}).`);
console.log(`Start the viewer on this scratch store: DATA_DIR=${dir} npm start`);
