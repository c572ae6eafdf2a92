/** The LayerStore contract (pending admin imports, imported layers), held against every store (see contract-fixtures.ts). */
import { describe, expect, it } from 'vitest';
import type { PendingImport } from '../../server/store/store.ts';
import { STORE_KINDS, useStore } from './contract-fixtures.ts';

const NOW = '2026-11-23T10:00:00.000Z';
const LATER = '2026-11-23T10:05:00.000Z';
const EXPIRES = '2026-11-23T10:10:00.000Z';
const BETWEEN = '2026-11-23T10:06:00.000Z';
const AFTER = '2026-11-23T10:10:00.001Z';
const caps = { maxPending: 3, maxFeatures: 10 };

const feature = (id: string) => ({ type: 'Feature', properties: { id, name: `Park ${id}` }, geometry: { type: 'Point', coordinates: [22.01, 50.905] } });
const pending = (id: string, n: number, over: Partial<PendingImport> = {}): PendingImport => ({
  id,
  city: 'gród',
  layer: 'parks',
  mode: 'replace',
  name: `${id}.zip`,
  features: Array.from({ length: n }, (_, i) => feature(`${id}-${i}`)),
  refused: 1,
  createdAt: NOW,
  expiresAt: EXPIRES,
  ...over,
});

describe.each(STORE_KINDS)('LayerStore — %s', (kind) => {
  const store = useStore(kind);

  it('holds at most maxPending uploads and maxFeatures features in all, dropping expired ones first, then the oldest', async () => {
    const p = (id: string, n: number) => store().putPendingImport(pending(id, n), caps, NOW);
    expect(await p('c1', 2)).toEqual({ dropped: expect.any(Array) });
    await p('c2', 2);
    await p('c3', 2);
    // A fourth upload: the oldest goes.
    expect((await p('c4', 2)).dropped).toEqual(['c1']);
    // Seven more features would make 13 > 10: the oldest go until it fits (c2, then c3: 2 + 7 ≤ 10).
    expect((await p('c5', 7)).dropped).toEqual(['c2', 'c3']);
    expect(await store().pendingImport('gród', 'c1', LATER)).toBeNull();
    expect(await store().pendingImport('gród', 'c2', LATER)).toBeNull();
    // Expired uploads are dropped before anything still waiting.
    await store().putPendingImport(pending('old', 1, { expiresAt: LATER }), caps, NOW);
    expect((await store().putPendingImport(pending('c6', 1), caps, BETWEEN)).dropped).toEqual(['old']);
    expect((await store().pendingImport('gród', 'c4', LATER))?.features).toHaveLength(2);
    expect((await store().pendingImport('gród', 'c5', LATER))?.features).toHaveLength(7);
    expect((await store().pendingImport('gród', 'c6', LATER))?.features).toHaveLength(1);
  });

  it('stores imported layers under one rising version, and refuses a save based on a version older than the layer', async () => {
    expect(await store().importedLayersVersion()).toBe(0);
    expect(await store().importedLayers()).toEqual([]);
    expect(await store().importedLayerText('gród', 'parks')).toBeNull();

    const first = await store().saveImportedLayer({ city: 'gród', layer: 'parks', text: '{"type":"FeatureCollection","features":[]}', importedAt: NOW }, 0);
    expect(first).toEqual({ ok: true, version: 1 });
    const other = await store().saveImportedLayer({ city: 'gród', layer: 'water', text: '{"w":1}', importedAt: NOW }, 1);
    expect(other).toEqual({ ok: true, version: 2 });
    expect(await store().importedLayersVersion()).toBe(2);

    // A server that last saw version 0 did not see parks@1: its save would lose that import.
    const stale = await store().saveImportedLayer({ city: 'gród', layer: 'parks', text: '{"stale":true}', importedAt: LATER }, 0);
    expect(stale).toEqual({ ok: false, version: 2 });
    expect(await store().importedLayerText('gród', 'parks')).toEqual({ text: '{"type":"FeatureCollection","features":[]}', version: 1 });

    const again = await store().saveImportedLayer({ city: 'gród', layer: 'parks', text: '{"again":true}', importedAt: LATER }, 2);
    expect(again).toEqual({ ok: true, version: 3 });
    expect(await store().importedLayers()).toEqual([
      { city: 'gród', layer: 'parks', version: 3, importedAt: LATER },
      { city: 'gród', layer: 'water', version: 2, importedAt: NOW },
    ]);
    expect(await store().importedLayerText('gród', 'parks')).toEqual({ text: '{"again":true}', version: 3 });
  });

  it('keeps a large layer whole', async () => {
    const text = JSON.stringify({ type: 'FeatureCollection', features: Array.from({ length: 20_000 }, (_, i) => feature(`big-${i}`)) });
    const saved = await store().saveImportedLayer({ city: 'duże', layer: 'parks', text, importedAt: NOW }, await store().importedLayersVersion());
    expect(saved.ok).toBe(true);
    expect((await store().importedLayerText('duże', 'parks'))?.text).toBe(text);
  });
});

// A store of their own: these save layers, and the version is one counter for all of them.
describe.each(STORE_KINDS)('LayerStore, confirming uploads — %s', (kind) => {
  const store = useStore(kind);

  const EMPTY = '{"type":"FeatureCollection","features":[]}';
  const save = (layer: string, basedOn: number, pendingId?: string) => store().saveImportedLayer({ city: 'gród', layer, text: EMPTY, importedAt: LATER }, basedOn, pendingId);

  it('keeps an upload until the save of its layer takes it, once, for its town and before it expires', async () => {
    await store().putPendingImport(pending('a', 2, { mode: 'append', name: 'parki.zip' }), caps, NOW);
    expect(await store().pendingImport('inne', 'a', LATER)).toBeNull();
    expect(await store().pendingImport('gród', 'a', LATER)).toEqual(pending('a', 2, { mode: 'append', name: 'parki.zip' }));
    // Reading leaves it waiting; storing its layer takes it.
    expect(await store().pendingImport('gród', 'a', LATER)).not.toBeNull();
    expect(await save('parks', 0, 'a')).toEqual({ ok: true, version: 1 });
    expect(await store().pendingImport('gród', 'a', LATER)).toBeNull();

    await store().putPendingImport(pending('late', 1), caps, NOW);
    expect(await store().pendingImport('gród', 'late', AFTER)).toBeNull();
  });

  it('leaves the upload waiting when the save is refused, and stores nothing when the upload was taken already', async () => {
    await store().putPendingImport(pending('b', 1), caps, NOW);
    const v = await store().importedLayersVersion();
    expect(await save('roads', v)).toEqual({ ok: true, version: v + 1 });
    // Based on version v, roads@v+1 would be lost: refused, and the upload still waits.
    expect(await save('roads', v, 'b')).toEqual({ ok: false, version: v + 1 });
    expect(await store().pendingImport('gród', 'b', LATER)).not.toBeNull();
    expect(await save('roads', v + 1, 'b')).toEqual({ ok: true, version: v + 2 });
    // A second confirmation of the same upload (another request, another server) writes nothing.
    expect(await save('roads', v + 2, 'b')).toEqual({ ok: false, version: v + 2, importGone: true });
    expect(await store().importedLayersVersion()).toBe(v + 2);
    // Another town's upload cannot be taken by this town's save.
    await store().putPendingImport(pending('c', 1, { city: 'inne' }), caps, NOW);
    expect(await save('water', v + 2, 'c')).toEqual({ ok: false, version: v + 2, importGone: true });
    expect(await store().pendingImport('inne', 'c', LATER)).not.toBeNull();
    expect(await store().importedLayerText('gród', 'water')).toBeNull();
  });
});
