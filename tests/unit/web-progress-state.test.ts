/**
 * The progress slice against a stubbed API: a new date aborts the requests of the last one
 * (only the latest answer lands), and what changed — which does not depend on the date — is
 * read once per town, again only after a new update.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IndicatorsResponse, ProgressChangesResponse, ProgressStateResponse } from '../../server/progress/progress-types.ts';
import { progressApi } from '../../web/api/progress-client.ts';
import type { PublicProgressUpdate } from '../../server/progress/progress-types.ts';
import { Progress, changedOnMap, initialProgress } from '../../web/state/progress.ts';

interface Call {
  at: string;
  signal: AbortSignal | undefined;
  resolve(): void;
}

/** Stubs the reads; each answer waits until the test resolves it. */
function stubApi() {
  const state: Call[] = [];
  const indicators: Call[] = [];
  const changes: { signal: AbortSignal | undefined }[] = [];
  const pending = <T>(list: Call[], at: string, signal: AbortSignal | undefined, body: T) =>
    new Promise<T>((resolve) => list.push({ at, signal, resolve: () => resolve(body) }));
  vi.spyOn(progressApi, 'state').mockImplementation((city, at, signal) => pending(state, at, signal, { city, at, timeline: null, states: [] } satisfies ProgressStateResponse));
  vi.spyOn(progressApi, 'indicators').mockImplementation((city, at, signal) => pending(indicators, at, signal, { city, at, undertakings: [], goals: [] } satisfies IndicatorsResponse));
  vi.spyOn(progressApi, 'changes').mockImplementation(async (city, _since, signal) => {
    changes.push({ signal });
    return { city, since: '2025-12-31', sinceBasis: 'previous-year-end', updates: [] } satisfies ProgressChangesResponse;
  });
  vi.spyOn(progressApi, 'record').mockResolvedValue({ update: {} as never });
  return { state, indicators, changes };
}

const TIMELINE = { start: '2021-01-01', end: '2030-12-31' };

describe('Progress slice', () => {
  afterEach(() => vi.restoreAllMocks());

  it('aborts the last date\'s requests on a new date, lets only the latest land, and reads the changes once', async () => {
    const api = stubApi();
    const p = new Progress();
    const first = p.load('krasnik', TIMELINE, '2024-01-01');
    api.state[0]!.resolve();
    api.indicators[0]!.resolve();
    await first;
    expect(p.state.state?.at).toBe('2024-01-01');

    // Two quick moves of the slider.
    p.setDate('2024-06-01');
    p.setDate('2024-09-01');
    expect(api.state.map((c) => c.at)).toEqual(['2024-01-01', '2024-06-01', '2024-09-01']);
    expect(api.state[1]!.signal?.aborted).toBe(true);
    expect(api.indicators[1]!.signal?.aborted).toBe(true);
    expect(api.state[2]!.signal?.aborted).toBe(false);
    expect(p.state.at).toBe('2024-09-01');

    // The latest lands; the aborted one, answering late, does not.
    api.state[2]!.resolve();
    api.indicators[2]!.resolve();
    await vi.waitFor(() => expect(p.state.state?.at).toBe('2024-09-01'));
    api.state[1]!.resolve();
    api.indicators[1]!.resolve();
    // Every pending promise job runs before the next macrotask.
    await new Promise((r) => setImmediate(r));
    expect(p.state.state?.at).toBe('2024-09-01');
    expect(p.state.indicators?.at).toBe('2024-09-01');

    expect(api.changes).toHaveLength(1);
  });

  it('reads the changes again for another town and after a new update', async () => {
    const api = stubApi();
    const p = new Progress();
    const settle = async (work: Promise<unknown>) => {
      await vi.waitFor(() => expect(api.state.at(-1)).toBeDefined());
      api.state.at(-1)!.resolve();
      await vi.waitFor(() => expect(api.indicators.length).toBe(api.state.length));
      api.indicators.at(-1)!.resolve();
      await work;
    };
    await settle(p.load('krasnik', TIMELINE, '2024-01-01'));
    await settle(p.load('kalisz', TIMELINE, '2024-01-01'));
    expect(api.changes).toHaveLength(2);
    await settle(p.record('u-1', { asOf: '2024-01-01', status: 'done', values: {}, note: '', geometry: null }, {}));
    expect(api.changes).toHaveLength(3);
  });
});

describe('what changed since …, for the map', () => {
  const up = (id: string, undertaking: string, extra: Partial<PublicProgressUpdate> = {}): PublicProgressUpdate => ({
    id, undertaking, asOf: '2026-03-01', status: 'in_progress', values: {}, note: '', geometry: null, corrects: null, correctedBy: null, author: 'Urząd', createdAt: '2026-03-01T10:00:00.000Z', ...extra,
  });
  const line = { type: 'LineString' as const, coordinates: [[22.2, 50.94], [22.21, 50.94]] };
  const layers = {
    routes: { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, id: 'r1', geometry: { type: 'LineString' as const, coordinates: [[22.1, 50.9], [22.3, 50.9]] }, properties: {} }] },
    park: { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, id: 'p1', geometry: { type: 'Point' as const, coordinates: [22.25, 50.95] }, properties: {} }] },
  };
  const undertakings = [{ id: 'bike', layers: ['routes'] }, { id: 'park', layers: ['park'] }, { id: 'plan', layers: [] }, { id: 'calm', layers: ['park'] }];
  const withUpdates = (updates: PublicProgressUpdate[]) => ({ ...initialProgress(), changes: { city: 'x', since: '2025-12-31', sinceBasis: 'previous-year-end' as const, updates } });

  it('draws the work recorded since the date; an update without geometry marks the undertaking\'s planned place; nothing for the unchanged', () => {
    const fc = changedOnMap(withUpdates([up('a', 'bike', { geometry: line }), up('b', 'bike'), up('c', 'park'), up('d', 'plan')]), undertakings, layers)!;
    expect(fc.features.map((f) => [f.properties!.undertaking, f.properties!.kind, f.geometry.type])).toEqual([
      ['bike', 'work', 'LineString'],
      ['park', 'place', 'Point'],
    ]);
    expect(fc.features[0]!.geometry).toEqual(line);
  });

  it('leaves out work whose update was corrected, and shows nothing before the changes are read', () => {
    const fc = changedOnMap(withUpdates([up('a', 'bike', { geometry: line, correctedBy: 'b' }), up('b', 'bike', { corrects: 'a' })]), undertakings, layers)!;
    expect(fc.features.map((f) => f.properties!.kind)).toEqual(['place']);
    expect(fc.features[0]!.geometry.type).toBe('LineString');
    expect(fc.features[0]!.geometry).toEqual(layers.routes.features[0]!.geometry);
    expect(changedOnMap(initialProgress(), undertakings, layers)).toBeNull();
    expect(changedOnMap(withUpdates([]), undertakings, layers)!.features).toEqual([]);
  });
});
