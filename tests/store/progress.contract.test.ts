/** The ProgressStore contract, held against every store (see contract-fixtures.ts). */
import { describe, expect, it } from 'vitest';
import type { ProgressUpdate, Store } from '../../server/store/store.ts';
import { STORE_KINDS, useStore, planner } from './contract-fixtures.ts';

let n = 0;
function update(over: Partial<ProgressUpdate> = {}): ProgressUpdate {
  n++;
  return {
    id: `pu-${n}`,
    city: 'gród',
    undertaking: 'trasy',
    asOf: '2025-05-01',
    status: 'in_progress',
    values: { 'dlugosc-tras': 1.5 },
    note: 'pierwszy odcinek',
    geometry: { type: 'LineString', coordinates: [[22.2, 50.9], [22.21, 50.91]] },
    corrects: null,
    author: planner,
    createdAt: `2026-01-0${1 + (n % 9)}T10:00:00.000Z`,
    ...over,
  };
}

/** Raw SQL on the store's own database, bypassing the interface (to try to rewrite history). */
async function rawExec(store: Store, sql: string): Promise<void> {
  if (store.kind === 'sqlite') (store as unknown as { db: { exec(s: string): void } }).db.exec(sql);
  else await (store as unknown as { pool: { query(s: string): Promise<unknown> } }).pool.query(sql);
}

describe.each(STORE_KINDS)('ProgressStore — %s', (kind) => {
  const store = useStore(kind);

  it('keeps an update as written and lists them by the date they describe', async () => {
    const late = update({ undertaking: 'u-list', asOf: '2025-09-01', values: { a: 2.1, b: 0 }, note: 'drugi <odcinek>' });
    const early = update({ undertaking: 'u-list', asOf: '2025-03-01', geometry: null, status: 'in_preparation', values: {} });
    expect(await store().addProgressUpdate(late)).toEqual({ ok: true, update: late });
    expect((await store().addProgressUpdate(early)).ok).toBe(true);
    expect(await store().getProgressUpdate('gród', late.id)).toEqual(late);
    expect(await store().getProgressUpdate('inne', late.id)).toBeNull();
    const list = await store().listProgressUpdates({ city: 'gród', undertaking: 'u-list', limit: 10, offset: 0 });
    expect(list.total).toBe(2);
    expect(list.updates.map((u) => u.id)).toEqual([early.id, late.id]);
    const upTo = await store().listProgressUpdates({ city: 'gród', undertaking: 'u-list', asOfTo: '2025-08-31', limit: 10, offset: 0 });
    expect(upTo.updates.map((u) => u.id)).toEqual([early.id]);
    const page = await store().listProgressUpdates({ city: 'gród', undertaking: 'u-list', limit: 1, offset: 1 });
    expect(page).toMatchObject({ total: 2, updates: [{ id: late.id }] });
    const recorded = await store().listProgressUpdates({ city: 'gród', undertaking: 'u-list', createdFrom: late.createdAt, limit: 10, offset: 0 });
    expect(recorded.updates.every((u) => u.createdAt >= late.createdAt)).toBe(true);
  });

  it('pages a whole log by keyset in the list\'s order (ties of date and time kept in the order written), without counting', async () => {
    const city = 'klucz';
    const same = { city, asOf: '2025-06-01', createdAt: '2026-01-05T10:00:00.000Z' };
    const written = [update({ ...same }), update({ city, asOf: '2025-01-01' }), update({ ...same }), update({ ...same }), update({ city, asOf: '2025-12-01' })];
    for (const u of written) expect((await store().addProgressUpdate(u)).ok).toBe(true);
    const whole = (await store().listProgressUpdates({ city, limit: 10, offset: 0 })).updates.map((u) => u.id);
    expect(whole).toEqual([written[1]!.id, written[0]!.id, written[2]!.id, written[3]!.id, written[4]!.id]);
    const paged: string[] = [];
    for (let after: string | undefined; ; ) {
      const page = await store().listProgressUpdates({ city, limit: 2, offset: 0, withTotal: false, ...(after ? { after } : {}) });
      expect(page.total).toBe(-1);
      paged.push(...page.updates.map((u) => u.id));
      if (page.updates.length < 2) break;
      after = page.updates.at(-1)!.id;
    }
    expect(paged).toEqual(whole);
  });

  it('takes a correction once, only of an update of the same undertaking', async () => {
    const first = update({ undertaking: 'u-fix' });
    await store().addProgressUpdate(first);
    expect(await store().addProgressUpdate(update({ undertaking: 'u-fix', corrects: 'pu-none' }))).toEqual({ ok: false, reason: 'corrects-unknown' });
    expect(await store().addProgressUpdate(update({ undertaking: 'u-other', corrects: first.id }))).toEqual({ ok: false, reason: 'corrects-other-undertaking' });
    const fix = update({ undertaking: 'u-fix', corrects: first.id, values: { 'dlugosc-tras': 1.2 } });
    expect((await store().addProgressUpdate(fix)).ok).toBe(true);
    expect(await store().addProgressUpdate(update({ undertaking: 'u-fix', corrects: first.id }))).toEqual({ ok: false, reason: 'already-corrected' });
    // The corrected update is still there, unchanged.
    expect(await store().getProgressUpdate('gród', first.id)).toEqual(first);
  });

  it('is append-only: the database refuses to edit or delete an update', async () => {
    const u = update({ undertaking: 'u-append' });
    await store().addProgressUpdate(u);
    await expect(rawExec(store(), `UPDATE progress_updates SET note = 'inaczej' WHERE id = '${u.id}'`)).rejects.toThrow(/append-only/);
    await expect(rawExec(store(), `DELETE FROM progress_updates WHERE id = '${u.id}'`)).rejects.toThrow(/append-only/);
    expect(await store().getProgressUpdate('gród', u.id)).toEqual(u);
  });
});
