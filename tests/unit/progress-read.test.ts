/** Reading a town's progress log whole: keyset pages in order, a coded refusal past the cap (never a silent cut), corrections mapped. */
import { HTTPException } from 'hono/http-exception';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cityUpdates, correctionsOf } from '../../server/progress/progress-service.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import type { ProgressQuery, ProgressUpdate, Store } from '../../server/store/store.ts';

const update = (i: number, over: Partial<ProgressUpdate> = {}): ProgressUpdate => ({
  id: `u-${i}`,
  city: 'gród',
  undertaking: 'trasy',
  // Written newest date first, so the list's order is not the order written.
  asOf: `2025-${String(12 - i).padStart(2, '0')}-01`,
  status: 'in_progress',
  values: {},
  note: '',
  geometry: null,
  corrects: null,
  author: { kind: 'user', id: 'p', name: 'P' },
  createdAt: `2026-01-01T10:00:0${i}.000Z`,
  ...over,
});

describe('cityUpdates', () => {
  let store: Store;
  const asked: ProgressQuery[] = [];
  beforeAll(async () => {
    store = openSqliteStore(':memory:');
    for (let i = 0; i < 7; i++) await store.addProgressUpdate(update(i));
    const list = store.listProgressUpdates.bind(store);
    store.listProgressUpdates = (q) => (asked.push(q), list(q));
  });
  afterAll(() => store.close());

  it('reads every update in the list\'s order, page after page by keyset, without counting', async () => {
    asked.length = 0;
    const all = await cityUpdates(store, 'gród', undefined, { page: 2 });
    expect(all.map((u) => u.id)).toEqual(['u-6', 'u-5', 'u-4', 'u-3', 'u-2', 'u-1', 'u-0']);
    expect(asked).toHaveLength(4);
    expect(asked.every((q) => q.offset === 0 && q.withTotal === false)).toBe(true);
    expect(asked.map((q) => q.after)).toEqual([undefined, 'u-5', 'u-3', 'u-1']);
  });

  it('refuses with a code and the cap when the log is longer than the cap, instead of dropping the newest', async () => {
    expect((await cityUpdates(store, 'gród', undefined, { page: 2, max: 7 })).length).toBe(7);
    const err = await cityUpdates(store, 'gród', undefined, { page: 2, max: 6 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HTTPException);
    const res = (err as HTTPException).getResponse();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'progress-log-too-long', details: { params: { city: 'gród', max: 6 } } } });
  });

  it('maps each corrected update to its correction once', () => {
    const m = correctionsOf([update(1), update(2, { corrects: 'u-1' }), update(3, { corrects: 'u-2' })]);
    expect([...m]).toEqual([['u-1', 'u-2'], ['u-2', 'u-3']]);
  });
});
