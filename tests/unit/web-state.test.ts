/**
 * The viewer's state: a slice notifies only on a real change, a Watch re-renders its host only
 * when what it selects changed, and the proposals slice's propose flow (start, kind, place,
 * draw, limits) works on the slice alone, with no component.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ProposalSetup } from '../../server/api-types.ts';
import { Slice, Watch } from '../../web/state/store.ts';
import { shapeBox, unionBox } from '../../web/state/view.ts';
import { initialDistricts } from '../../web/state/districts.ts';
import { findFeature, initialTown } from '../../web/state/town.ts';
import { Proposals } from '../../web/state/proposals.ts';

/** A stand-in for a Lit element: counts the updates its controllers ask for. */
function fakeHost(): ReactiveControllerHost & { updates: number; controllers: ReactiveController[]; connect(): void; disconnect(): void } {
  const host = {
    updates: 0,
    controllers: [] as ReactiveController[],
    addController(c: ReactiveController) {
      host.controllers.push(c);
    },
    removeController() {},
    requestUpdate() {
      host.updates++;
    },
    updateComplete: Promise.resolve(true),
    connect: () => host.controllers.forEach((c) => c.hostConnected?.()),
    disconnect: () => host.controllers.forEach((c) => c.hostDisconnected?.()),
  };
  return host;
}

describe('a slice', () => {
  it('merges a patch and tells listeners once, with the state before, only when a field changed', () => {
    const s = new Slice({ a: 1, b: 'x' });
    const seen: [number, number][] = [];
    const off = s.subscribe((next, prev) => seen.push([prev.a, next.a]));
    s.set({ a: 2 });
    s.set({ a: 2, b: 'x' }); // nothing changed: no call
    s.set({ b: 'y' });
    expect(seen).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(s.state).toEqual({ a: 2, b: 'y' });
    off();
    s.set({ a: 3 });
    expect(seen).toHaveLength(2);
  });

  it('reset replaces the whole state (a new town starts clean)', () => {
    const s = new Slice(initialDistricts());
    s.set({ loading: true, error: 'x' });
    s.reset(initialDistricts());
    expect(s.state).toEqual(initialDistricts());
  });
});

describe('Watch, the one way a component subscribes', () => {
  it('re-renders the host on a change while connected, not after it is disconnected', () => {
    const host = fakeHost();
    const s = new Slice({ n: 0 });
    new Watch(host, s);
    host.connect();
    s.set({ n: 1 });
    expect(host.updates).toBe(1);
    host.disconnect();
    s.set({ n: 2 });
    expect(host.updates).toBe(1);
  });

  it('with a selector, re-renders only when the selected value changed', () => {
    const host = fakeHost();
    const s = new Slice({ tab: 'layers', view: 1 });
    const w = new Watch(host, s, (x) => x.tab);
    host.connect();
    s.set({ view: 2 });
    s.set({ view: 3 });
    expect(host.updates).toBe(0);
    s.set({ tab: 'districts' });
    expect(host.updates).toBe(1);
    expect(w.value).toBe('districts');
  });
});

describe('view and town helpers', () => {
  it('frames several boxes with one', () => {
    expect(unionBox([])).toBeNull();
    expect(
      unionBox([
        [22.1, 50.9, 22.2, 50.95],
        [22.15, 50.88, 22.3, 50.92],
      ]),
    ).toEqual([22.1, 50.88, 22.3, 50.95]);
  });

  it('frames a proposal by its point or its polygon, nothing else', () => {
    expect(shapeBox({ type: 'Point', coordinates: [22.2, 50.9] })).toEqual([22.2, 50.9, 22.2, 50.9]);
    const ring = [[22.1, 50.9], [22.3, 50.9], [22.2, 50.95], [22.1, 50.9]];
    expect(shapeBox({ type: 'Polygon', coordinates: [ring] })).toEqual([22.1, 50.9, 22.3, 50.95]);
    expect(shapeBox({ type: 'LineString', coordinates: ring })).toBeNull();
    expect(shapeBox({ type: 'Polygon', coordinates: [] })).toBeNull();
  });

  it('finds a feature in the loaded layers, the catalogue index first', () => {
    const f = (id: string) => ({ type: 'Feature' as const, id, properties: { id }, geometry: { type: 'Point' as const, coordinates: [0, 0] } });
    const layers = { a: { type: 'FeatureCollection' as const, features: [f('x')] }, b: { type: 'FeatureCollection' as const, features: [f('y')] } };
    expect(findFeature('y', layers, { featureIndex: { y: { layer: 'b', bbox: [0, 0, 0, 0] } } })?.layer).toBe('b');
    expect(findFeature('x', layers, null)?.layer).toBe('a');
    expect(findFeature('z', layers, null)).toBeNull();
    expect(initialTown().phase).toBe('loading');
  });
});

const treeKind = {
  id: 'tree',
  label: 'drzewo',
  counts: 'units',
  needsSpecies: true,
  geometries: ['Point', 'Polygon'],
  target: 'trees',
  rules: { maxCount: 50, m2PerUnit: 10, minSpacingM: 3, maxAreaM2: 5000 },
} as unknown as ProposalSetup['kinds'][number];
const parkKind = { ...treeKind, id: 'pocket-park', label: 'park kieszonkowy', counts: 'sites', needsSpecies: false, geometries: ['Polygon'], target: null } as unknown as ProposalSetup['kinds'][number];

function proposals(): Proposals {
  const p = new Proposals({ changed() {}, announce() {}, packFeature: () => null, boundary: () => null });
  p.slice.set({ city: 'krasnik', setup: { kinds: [treeKind, parkKind], species: [] } as unknown as ProposalSetup, loaded: true });
  return p;
}

describe('the proposals slice: the propose flow without a component', () => {
  it('starts with the kind asked for, in the first shape it takes; the form knows when the map takes a click', () => {
    const p = proposals();
    const changes: unknown[] = [];
    p.slice.subscribe((s) => changes.push(s.proposing));
    p.start('point');
    expect(p.s.proposing).toMatchObject({ kind: 'tree', shape: 'point', geometry: null });
    expect(p.placing).toBe(true);
    expect(p.drawingPolygon).toBe(false);
    p.placePoint([22.2, 50.9]);
    expect(p.draft).toEqual({ type: 'Point', coordinates: [22.2, 50.9] });
    expect(changes).toHaveLength(2);
    // A site kind takes areas only: the shape follows, the pin goes.
    p.setKind('pocket-park');
    expect(p.s.proposing).toMatchObject({ kind: 'pocket-park', shape: 'polygon', geometry: null });
    expect(p.drawingPolygon).toBe(true);
    p.cancel();
    expect(p.s.proposing).toBeNull();
  });

  it('measures a drawn area and caps the count by the kind rules (one per m², at most maxCount)', async () => {
    const p = proposals();
    p.start('polygon');
    // About 20 m × 20 m near Kraśnik: ~400 m², one tree per 10 m² → 40 (under the cap of 50).
    const dLon = 20 / (111_320 * Math.cos((50.92 * Math.PI) / 180));
    const dLat = 20 / 110_574;
    await p.polygonDrawn({ type: 'Polygon', coordinates: [[[22.2, 50.92], [22.2 + dLon, 50.92], [22.2 + dLon, 50.92 + dLat], [22.2, 50.92 + dLat], [22.2, 50.92]]] });
    expect(p.s.proposing!.areaM2!).toBeGreaterThan(390);
    expect(p.s.proposing!.areaM2!).toBeLessThan(410);
    expect(p.maxCount()).toBe(Math.floor(p.s.proposing!.areaM2! / 10));
    p.redraw();
    expect(p.s.proposing).toMatchObject({ geometry: null, areaM2: null });
  });

  it('hides and shows kinds and statuses on the map by the tile URL, and draws the author\'s last write with the same filters', () => {
    const p = proposals();
    const base = '/api/cities/krasnik/proposals/tiles/{z}/{x}/{y}.pbf';
    p.setStatusVisible('proposed', true); // no change in what is shown
    expect(p.s.tiles).toMatchObject({ url: `${base}?status=proposed,accepted,planted,rejected`, version: 0 });
    const before = p.s.tiles;
    p.setStatusVisible('proposed', true);
    expect(p.s.tiles).toBe(before);
    p.setStatusVisible('withdrawn', true);
    expect(p.s.tiles!.url).toBe(base);
    p.setKindVisible('tree', false);
    expect(p.s.tiles!.url).toBe(`${base}?kind=pocket-park`);
    p.setKindVisible('pocket-park', false);
    expect(p.s.tiles!.url).toBeNull();
    // Starting a proposal of a hidden kind shows it again.
    p.start('point', 'tree');
    expect(p.s.hiddenKinds.has('tree')).toBe(false);
    expect(p.s.tiles!.url).toBe(`${base}?kind=tree`);
    // The author's last write is drawn at once, with the legend's filters.
    const f = (id: string, kind: string, status: string) => ({ type: 'Feature' as const, id, geometry: { type: 'Point' as const, coordinates: [0, 0] }, properties: { id, kind, status } });
    p.slice.set({ fresh: [f('a', 'tree', 'proposed')] as never });
    p.setStatusVisible('proposed', false);
    expect(p.s.mapFeatures.features).toEqual([]);
    p.setStatusVisible('proposed', true);
    expect(p.s.mapFeatures.features.map((x) => [x.properties.id, x.properties.symbol])).toEqual([['a', 'circle']]);
  });
});

describe('the planner\'s decisions carry what the planner saw', () => {
  afterEach(() => vi.unstubAllGlobals());

  /** Answers every status write with the proposal in its new status; records each request body. */
  function recordWrites() {
    const bodies: { url: string; body: Record<string, unknown> }[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {};
      if (init?.method === 'POST') bodies.push({ url, body });
      const id = url.split('/').at(-2)!;
      const answer = url.endsWith('/proposals/status')
        ? { results: [], changed: 0 }
        : { type: 'Feature', id, geometry: { type: 'Point', coordinates: [22.2, 50.9] }, properties: { id, kind: 'tree', status: body.status, count: 1 }, history: [] };
      return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    return bodies;
  }
  const queued = (id: string, status: string) => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [22.2, 50.9] }, properties: { id, kind: 'tree', status, count: 1 } });

  it('a decision sends the status shown (a colleague\'s change meanwhile is refused, not overwritten); undo sends what it undoes', async () => {
    const writes = recordWrites();
    const p = proposals();
    p.slice.set({ queue: { ...p.s.queue, status: 'proposed', items: [queued('a', 'proposed')] as never, total: 1 } });
    expect(await p.review('a', 'accepted')).toBe(true);
    expect(writes.at(-1)!.body).toEqual({ status: 'accepted', expected: 'proposed' });
    expect(await p.undo()).toBe(true);
    expect(writes.at(-1)!.body).toMatchObject({ status: 'proposed', expected: 'accepted', reason: expect.any(String) });
  });

  it('a bulk decision sends, per id, the status shown in the queue', async () => {
    const writes = recordWrites();
    const p = proposals();
    p.slice.set({ queue: { ...p.s.queue, status: 'proposed', items: [queued('a', 'proposed'), queued('b', 'proposed')] as never, total: 2 } });
    const tilesBefore = JSON.stringify(p.s.tiles);
    await p.reviewMany(['a', 'b'], 'accepted');
    // The decided proposals change colour: the map fetches its tiles again.
    expect(JSON.stringify(p.s.tiles)).not.toBe(tilesBefore);
    const bulk = writes.find((w) => w.url.endsWith('/proposals/status'))!;
    expect(bulk.body).toEqual({ ids: ['a', 'b'], status: 'accepted', expected: { a: 'proposed', b: 'proposed' } });
  });
});
