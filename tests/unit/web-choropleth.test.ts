import { describe, expect, it } from 'vitest';
import type { DistrictSummary, LayerCatalogueEntry } from '../../server/api-types.ts';
import { choroplethMetrics, classify, greenLayerIds, legendRows, metricValue } from '../../web/state/choropleth.ts';
import { decodeHash, encodeHash, emptyHashState } from '../../web/state/url-codec.ts';

const palette = ['#ffffcc', '#c7e9b4', '#7fcdbb', '#2c7fb8', '#253494'];

describe('choropleth classes', () => {
  it('makes equal-interval classes from 0 to the maximum', () => {
    const c = classify({ a: 0, b: 1, c: 2, d: 4, e: 5 }, palette);
    expect(c.breaks).toEqual([1, 2, 3, 4, 5]);
    expect(c.byDistrict).toEqual({ a: '#ffffcc', b: '#ffffcc', c: '#c7e9b4', d: '#2c7fb8', e: '#253494' });
  });

  it('uses fewer, contrasting classes when there are few distinct values', () => {
    const c = classify({ a: 0, b: 2 }, palette);
    expect(c.colours).toEqual(['#ffffcc', '#253494']);
    expect(c.byDistrict).toEqual({ a: '#ffffcc', b: '#253494' });
  });

  it('gives one class when every value is zero (e.g. no trees proposed yet)', () => {
    const c = classify({ a: 0, b: 0 }, palette);
    expect(c.breaks).toEqual([0]);
    expect(c.byDistrict).toEqual({ a: '#ffffcc', b: '#ffffcc' });
  });

  it('leaves out districts without a value', () => {
    expect(classify({ a: null, b: 3 }, palette).byDistrict).toEqual({ b: '#ffffcc' });
  });
});

const source = { document: 'd', section: 's' };
const layer = (id: string, role: 'strategy' | 'context', kind: LayerCatalogueEntry['kind'], featureCount = 3, undertaking?: string) =>
  ({ id, title: id, role, kind, legend: { color: '#009e73' }, featureCount, undertaking }) as LayerCatalogueEntry;
const tally = (kind: string, proposed: number, target: string | null = null) =>
  ({ kind, label: kind, target, counts: target ? 'units' : 'sites', proposed, accepted: 0, planted: 0 }) as NonNullable<DistrictSummary['proposals']>[number];

type Town = Parameters<typeof choroplethMetrics>[0];

/** Kraśnik-like: bike routes, green and other area layers, the trees target, two site kinds without a target. */
const krasnik = {
  layers: [layer('context-roads', 'context', 'route'), layer('bike-routes', 'strategy', 'route'), layer('tree-planting', 'strategy', 'area', 12, 'zielen'), layer('industrial-park', 'strategy', 'area', 1, 'park')],
  undertakings: [
    { id: 'zielen', goal: 'II', layers: ['tree-planting'] },
    { id: 'park', goal: 'III', layers: ['industrial-park'] },
  ],
  targets: [{ id: 'trees', label: 'Drzewa', unit: 'drzew', perDistrict: 1000, source }],
  // The pack marks which goal is green (Kraśnik: II "Zielony Kraśnik"); the code knows no goal code.
  goals: { strategic: [{ code: 'I' }, { code: 'II', metricGroups: ['green'] }, { code: 'III' }] },
} as unknown as Town;
const krasnikKinds = [
  { id: 'tree', label: 'drzewo', target: 'trees' },
  { id: 'pocket-park', label: 'park kieszonkowy' },
  { id: 'rain-garden', label: 'ogród deszczowy' },
];
/** Kalisz-like: context layers only, no targets, site kinds without a target. */
const kalisz = {
  layers: [layer('context-rivers', 'context', 'route'), layer('context-landmarks', 'context', 'point', 1)],
  undertakings: [{ id: 'coworking-centre', goal: 'I', layers: [] }],
  targets: [],
  goals: { strategic: [{ code: 'I' }, { code: 'II' }, { code: 'III' }] },
} as unknown as Town;
const kaliszKinds = [
  { id: 'coworking', label: 'centrum coworkingowe', target: null },
  { id: 'mikrostrefa', label: 'mikrostrefa ekonomiczna' },
];

const summary = (over: Partial<DistrictSummary>): DistrictSummary =>
  ({
    district: { id: 'd', name: 'D', areaKm2: 4, population: null, accuracy: 'schematic', source, bbox: [0, 0, 1, 1] },
    areaKm2: 4,
    routes: [],
    undertakings: [],
    coverage: [],
    targets: [],
    ...over,
  }) as DistrictSummary;

describe('choropleth metrics from the pack', () => {
  it('offers a Kraśnik-like town route km, its target, green share and its kinds without a target', () => {
    const metrics = choroplethMetrics(krasnik, krasnikKinds);
    expect(metrics.map((m) => m.id)).toEqual(['bike-km', 'target-trees', 'green-share', 'kind-pocket-park', 'kind-rain-garden']);
    expect(metrics.map((m) => m.format)).toEqual(['per-km2', 'share', 'share', 'count', 'count']);
    expect(metrics[1]!.label).toBe('Drzewa: zaproponowane / cel');
    expect(metrics[1]!.definition).toContain('1000 drzew');
    expect(metrics[3]!.label).toContain('park kieszonkowy');
    // Before the proposal kinds are known: what the catalogue alone gives.
    expect(choroplethMetrics(krasnik).map((m) => m.id)).toEqual(['bike-km', 'target-trees', 'green-share']);
  });

  it('offers a Kalisz-like town only its proposal kinds, and nothing at all when it takes no proposals', () => {
    expect(choroplethMetrics(kalisz, kaliszKinds).map((m) => m.id)).toEqual(['kind-coworking', 'kind-mikrostrefa']);
    expect(choroplethMetrics(kalisz, [])).toEqual([]);
    // Layers without features count as absent.
    const empty = { ...krasnik, layers: krasnik.layers.map((l) => ({ ...l, featureCount: 0 })), targets: [] };
    expect(choroplethMetrics(empty)).toEqual([]);
  });

  it('counts as green only the area layers of goals the pack marks green; none marked, no green figure', () => {
    expect([...greenLayerIds(krasnik)]).toEqual(['tree-planting']);
    // The same layers with goal III marked green instead: the industrial park's layer is the green one.
    const other = { ...krasnik, goals: { strategic: [{ code: 'II' }, { code: 'III', metricGroups: ['green'] }] } } as unknown as Town;
    expect([...greenLayerIds(other)]).toEqual(['industrial-park']);
    // Area layers, but no goal marked green (Kalisz's goal II is support for the young): no green share offered.
    const unmarked = { ...krasnik, goals: { strategic: [{ code: 'I' }, { code: 'II' }, { code: 'III' }] } } as unknown as Town;
    expect(greenLayerIds(unmarked).size).toBe(0);
    expect(choroplethMetrics(unmarked).map((m) => m.id)).toEqual(['bike-km', 'target-trees']);
  });

  it('computes each metric from a district summary, null when the town has no such thing', () => {
    const green = greenLayerIds(krasnik);
    expect([...green]).toEqual(['tree-planting']);
    const k = summary({
      routes: [{ layer: 'bike-routes', layerTitle: 'Trasy', km: 2, features: [] }],
      coverage: [
        { layer: 'tree-planting', layerTitle: 'Nasadzenia', areaHa: 20, share: 0.05 },
        { layer: 'industrial-park', layerTitle: 'Park', areaHa: 30, share: 0.075 },
      ],
      targets: [{ id: 'trees', label: 'Drzewa', unit: 'drzew', target: 1000, proposed: 250, accepted: 0, planted: 0, source }],
      proposals: [tally('tree', 250, 'trees'), tally('pocket-park', 3), tally('rain-garden', 0)],
    });
    expect(metricValue(k, 'bike-km', green)).toBe(0.5);
    expect(metricValue(k, 'target-trees', green)).toBe(0.25);
    expect(metricValue(k, 'green-share', green)).toBe(0.05);
    expect(metricValue(k, 'kind-pocket-park', green)).toBe(3);
    expect(metricValue(k, 'kind-rain-garden', green)).toBe(0);
    expect(metricValue(k, 'kind-nope', green)).toBeNull();

    const c = summary({ proposals: [tally('coworking', 2), tally('mikrostrefa', 0)] });
    const none = greenLayerIds(kalisz);
    expect(metricValue(c, 'kind-coworking', none)).toBe(2);
    // A Kraśnik link opened on Kalisz colours nothing (never a row of zeros).
    expect(metricValue(c, 'bike-km', none)).toBeNull();
    expect(metricValue(c, 'green-share', none)).toBeNull();
    expect(metricValue(c, 'target-trees', none)).toBeNull();
    // A summary without per-kind counts: no data.
    expect(metricValue(summary({}), 'kind-coworking', none)).toBeNull();
  });

  it('keeps the metric in the link: per target and per kind, and the old "trees" as the tree target', () => {
    const s = { ...emptyHashState(), city: 'kalisz', choropleth: 'kind-coworking' as const };
    expect(encodeHash(s)).toBe('#kalisz?c=kind-coworking');
    expect(decodeHash('#kalisz?c=kind-coworking').choropleth).toBe('kind-coworking');
    expect(decodeHash('#krasnik?c=target-trees').choropleth).toBe('target-trees');
    expect(decodeHash('#krasnik?c=trees').choropleth).toBe('target-trees');
    expect(decodeHash('#krasnik?c=kind-').choropleth).toBeNull();
    expect(decodeHash('#krasnik?c=kind-<b>').choropleth).toBeNull();
  });
});

describe('choropleth legend', () => {
  it('writes count classes as the whole numbers they hold', () => {
    expect(legendRows(classify({ a: 0, b: 7 }, palette), 'count').map((r) => r.label)).toEqual(['0 – 3', '4 – 7']);
    expect(legendRows(classify({ a: 0, b: 1, c: 2 }, palette), 'count').map((r) => r.label)).toEqual(['0', '1', '2']);
    expect(legendRows(classify({ a: 0, b: 0 }, palette), 'count').map((r) => r.label)).toEqual(['0']);
  });

  it('writes shares as percentages and densities as numbers', () => {
    expect(legendRows(classify({ a: 0, b: 0.5 }, palette), 'share').map((r) => r.label)).toEqual(['0,0% – 25,0%', '25,0% – 50,0%']);
    expect(legendRows(classify({ a: 0, b: 2 }, palette), 'per-km2').map((r) => r.label)).toEqual(['0,00 – 1,00', '1,00 – 2,00']);
    expect(legendRows(classify({ a: 0 }, palette), 'share')).toEqual([{ colour: '#ffffcc', label: '0,0%' }]);
  });
});

describe('which goals the shipped packs mark green', () => {
  it('Kraśnik marks "Zielony Kraśnik" (II); Kalisz, whose programme has no green area, marks none', async () => {
    const { readFileSync } = await import('node:fs');
    const goals = (town: string) => (JSON.parse(readFileSync(new URL(`../../data/${town}/goals.json`, import.meta.url), 'utf8')) as { strategic: { code: string; name: string; metricGroups?: string[] }[] }).strategic;
    expect(goals('krasnik').filter((g) => g.metricGroups?.includes('green')).map((g) => g.name)).toEqual(['Zielony Kraśnik']);
    expect(goals('kalisz').filter((g) => g.metricGroups?.includes('green'))).toEqual([]);
  });
});
