/**
 * The pure parts of the presentation and export: figure text, live district figures, key
 * handling, the scale bar, zoom-curve scaling for the projector look, and the PDF writer.
 */
import { describe, expect, it } from 'vitest';
import type { DistrictSummary, LayerCatalogueEntry } from '../../server/api-types.ts';
import { districtFigures, formatFigure, keyAction, takeDigits, legendFor, outlinesOf, type KeyState, type LiveLabels } from '../../web/story/story-logic.ts';
import { scaleOutput } from '../../styles/build-style.ts';
import { niceScale } from '../../web/export/compose-image.ts';
import { metresPerPixel } from '../../web/map/capture-map.ts';
import { slug } from '../../web/export/download.ts';

const labels: LiveLabels = {
  bikeKm: 'km',
  undertakings: 'przedsięwzięcia',
  trees: 'drzew, zgłoszono {proposed}',
  target: '{unit} ({label}), zgłoszono {proposed}',
  coverage: '{layer}: część',
  kindSites: (n, kind) => `miejsca (${n}): ${kind}`,
  sites: (n) => `miejsca (${n})`,
  area: 'powierzchnia',
};
const layer = (id: string, role: 'strategy' | 'context', kind: LayerCatalogueEntry['kind'], featureCount = 3) =>
  ({ id, title: id.toUpperCase(), role, kind, legend: { color: '#009e73' }, featureCount }) as LayerCatalogueEntry;
const layers = [layer('bike-routes', 'strategy', 'route'), layer('context-roads', 'context', 'route'), layer('trees', 'strategy', 'area')];
const source = { document: 'd', section: 's' };
const district = { id: 'piaski', name: 'Piaski', areaKm2: 4.04, population: null, accuracy: 'schematic', source, bbox: [0, 0, 1, 1] } as DistrictSummary['district'];
const tally = (kind: string, proposed: number, target: string | null = null, counts: 'units' | 'sites' = 'sites') =>
  ({ kind, label: `rodzaj ${kind}`, target, counts, proposed, accepted: 0, planted: 0 }) as NonNullable<DistrictSummary['proposals']>[number];
/** A Kalisz-like town: context layers only, no targets, five site kinds without a target. */
const kaliszLayers = [layer('context-rivers', 'context', 'route'), layer('context-landmarks', 'context', 'point')];
const kaliszSummary = (proposed: number[] = [0, 0, 0, 0, 0]) =>
  ({
    district: { ...district, id: 'srodmiescie', areaKm2: 6.59 },
    areaKm2: 6.59,
    routes: [],
    undertakings: [],
    coverage: [],
    targets: [],
    proposals: ['coworking', 'mikrostrefa', 'zlobek', 'mieszkania', 'kultura'].map((k, i) => tally(k, proposed[i]!)),
  }) as DistrictSummary;

describe('story figures', () => {
  it('formats strings as given, numbers the Polish way with their unit', () => {
    expect(formatFigure({ value: '8,26 km', label: 'tras' })).toEqual({ value: '8,26 km', label: 'tras' });
    expect(formatFigure({ value: 8.26, unit: 'km', label: 'tras' }).value).toBe('8,26 km');
    expect(formatFigure({ value: 30, unit: 'ha', label: 'parku' }).value).toBe('30 ha');
    expect(formatFigure({ value: 63, unit: '%', label: 'planów' }).value).toBe('63%');
    expect(formatFigure({ value: 1400, unit: 'm²', label: 'CNIr' }).value).toBe('1400 m²');
  });

  it('computes a district chapter from the live summary: strategy route km, distinct undertakings, tree progress, area', () => {
    const summary = {
      district: { id: 'piaski', name: 'Piaski', areaKm2: 4.04, population: null, accuracy: 'schematic', source: { document: 'd', section: 's' }, bbox: [0, 0, 1, 1] },
      areaKm2: 4.04,
      routes: [
        { layer: 'bike-routes', layerTitle: 'Trasy', km: 2.19, features: [] },
        { layer: 'context-roads', layerTitle: 'Drogi', km: 7, features: [] },
      ],
      undertakings: [
        { featureId: 'a', layer: 'bike-routes', name: 'A', undertaking: 'rowery', geometry: 'route', bbox: [0, 0, 1, 1] },
        { featureId: 'b', layer: 'bike-routes', name: 'B', undertaking: 'rowery', geometry: 'route', bbox: [0, 0, 1, 1] },
        { featureId: 'c', layer: 'trees', name: 'C', undertaking: 'zielen', geometry: 'area', bbox: [0, 0, 1, 1] },
        { featureId: 'd', layer: 'trees', name: 'D', undertaking: null, geometry: 'area', bbox: [0, 0, 1, 1] },
      ],
      coverage: [],
      targets: [{ id: 'trees', label: 'Drzewa', unit: 'drzew', target: 1000, proposed: 12, accepted: 3, planted: 1, source: { document: 'd', section: 's' } }],
      // Kraśnik's pocket parks and rain gardens have no target: no room for them beside the four figures.
      proposals: [tally('tree', 12, 'trees', 'units'), tally('pocket-park', 2), tally('rain-garden', 0)],
    } as DistrictSummary;
    const krasnik = [
      { value: '2,19 km', label: 'km' },
      { value: '2', label: 'przedsięwzięcia' },
      { value: '1 / 1000', label: 'drzew, zgłoszono 12' },
      { value: '4,04 km²', label: 'powierzchnia' },
    ];
    expect(districtFigures(summary, { layers }, labels)).toEqual(krasnik);
    // The same with the old four labels only (and a summary without per-kind counts).
    const { target: _t, coverage: _c, kindSites: _k, sites: _s, ...oldLabels } = labels;
    expect(districtFigures({ ...summary, proposals: undefined }, { layers }, oldLabels)).toEqual(krasnik);
    // A district with no route inside still says 0 km: the strategy has routes, just not there.
    expect(districtFigures({ ...summary, routes: [{ layer: 'bike-routes', layerTitle: 'Trasy', km: 0, features: [] }] }, { layers }, labels)[0]).toEqual({ value: '0,00 km', label: 'km' });
  });

  it('shows nothing a town’s strategy does not have: no km, no undertakings, no target for a Kalisz-like town', () => {
    const figures = districtFigures(kaliszSummary(), { layers: kaliszLayers }, labels);
    expect(figures.map((f) => f.value).join(' ')).not.toMatch(/km(?!²)|\//);
    // Five kinds without a target do not fit one figure each: one figure for all, then the area.
    expect(figures).toEqual([
      { value: '0', label: 'miejsca (0)' },
      { value: '6,59 km²', label: 'powierzchnia' },
    ]);
    // With proposals, the figure names the kinds that have some, most first.
    expect(districtFigures(kaliszSummary([1, 0, 3, 0, 0]), { layers: kaliszLayers }, labels)[0]).toEqual({
      value: '4',
      label: 'miejsca (4): rodzaj zlobek 3, rodzaj coworking 1',
      wide: true,
    });
    // Without per-kind counts in the summary: the area alone.
    expect(districtFigures({ ...kaliszSummary(), proposals: undefined }, { layers: kaliszLayers }, labels)).toEqual([{ value: '6,59 km²', label: 'powierzchnia' }]);
  });

  it('gives each kind without a target its own figure when they fit, and other targets and area layers their own', () => {
    const two = { ...kaliszSummary(), proposals: [tally('coworking', 2), tally('mikrostrefa', 1)] };
    expect(districtFigures(two, { layers: kaliszLayers }, labels)).toEqual([
      { value: '2', label: 'miejsca (2): rodzaj coworking' },
      { value: '1', label: 'miejsca (1): rodzaj mikrostrefa' },
      { value: '6,59 km²', label: 'powierzchnia' },
    ]);
    // A town with an area layer and a target other than trees, no routes.
    const parks = [layer('parks', 'strategy', 'area')];
    const summary = {
      ...kaliszSummary(),
      undertakings: [{ featureId: 'p', layer: 'parks', name: 'P', undertaking: 'zielen', geometry: 'area', areaHa: 20, bbox: [0, 0, 1, 1] }],
      coverage: [{ layer: 'parks', layerTitle: 'Parki', areaHa: 20, share: 0.0304 }],
      targets: [{ id: 'benches', label: 'Ławki', unit: 'ławek', target: 50, proposed: 7, accepted: 2, planted: 1, source }],
      proposals: [tally('bench', 7, 'benches', 'units')],
    } as DistrictSummary;
    expect(districtFigures(summary, { layers: parks }, labels)).toEqual([
      { value: '1', label: 'przedsięwzięcia' },
      { value: '1 / 50', label: 'ławek (Ławki), zgłoszono 7' },
      { value: '3,0%', label: 'Parki: część' },
      { value: '6,59 km²', label: 'powierzchnia' },
    ]);
    // A chapter with figures of its own leaves less room: the area always stays.
    expect(districtFigures(summary, { layers: parks }, labels, 2).map((f) => f.label)).toEqual(['przedsięwzięcia', 'powierzchnia']);
  });

  it('outlines the district a chapter highlights by its id, and only features as highlighted features', () => {
    const detail = { districts: [{ id: 'srodmiescie', name: 'Śródmieście' }, { id: 'serbinow', name: 'Serbinów' }], featureIndex: {} };
    expect(outlinesOf({ district: 'serbinow', highlight: ['serbinow', 'dworzec-kalisz'] }, detail)).toEqual({ district: 'serbinow', features: ['dworzec-kalisz'] });
    expect(outlinesOf({ district: undefined, highlight: ['srodmiescie'] }, detail)).toEqual({ district: 'srodmiescie', features: [] });
    expect(outlinesOf({ district: undefined, highlight: ['a-park'] }, detail)).toEqual({ district: null, features: ['a-park'] });
    // A strategy feature that happens to share a district's id stays a feature.
    const both = { ...detail, featureIndex: { serbinow: { layer: 'x', bbox: [0, 0, 1, 1] as [number, number, number, number] } } };
    expect(outlinesOf({ district: undefined, highlight: ['serbinow'] }, both)).toEqual({ district: null, features: ['serbinow'] });
  });

  it('lists only the chapter’s strategy layers in the legend, in catalogue order', () => {
    expect(legendFor(['trees', 'context-roads', 'bike-routes'], { layers }).map((l) => l.id)).toEqual(['bike-routes', 'trees']);
  });
});

describe('story keys', () => {
  const state = (current: number, total = 17): KeyState => ({ current, total, digits: '' });

  it('steps with arrows, PageUp/PageDown (clickers) and space, clamps at the ends, Home/End, Esc', () => {
    expect(keyAction('ArrowRight', state(3))).toEqual({ type: 'go', chapter: 4 });
    expect(keyAction('PageDown', state(3))).toEqual({ type: 'go', chapter: 4 });
    expect(keyAction(' ', state(3))).toEqual({ type: 'go', chapter: 4 });
    expect(keyAction('PageUp', state(3))).toEqual({ type: 'go', chapter: 2 });
    expect(keyAction('ArrowLeft', state(1))).toEqual({ type: 'go', chapter: 1 });
    expect(keyAction('PageDown', state(17))).toEqual({ type: 'go', chapter: 17 });
    expect(keyAction('Home', state(9))).toEqual({ type: 'go', chapter: 1 });
    expect(keyAction('End', state(9))).toEqual({ type: 'go', chapter: 17 });
    expect(keyAction('Escape', state(9))).toEqual({ type: 'exit' });
    expect(keyAction('a', state(9))).toEqual({ type: 'none' });
  });

  it('collects digits until the number is whole, Enter or the pause; no clock involved', () => {
    const s = state(5);
    // "1" of 17 chapters could still become 10–17: it waits and is shown.
    expect(keyAction('1', s)).toEqual({ type: 'digits', digits: '1' });
    expect(keyAction('4', s)).toEqual({ type: 'go', chapter: 14 });
    expect(s.digits).toBe('');
    expect(keyAction('1', s)).toEqual({ type: 'digits', digits: '1' });
    expect(keyAction('2', s)).toEqual({ type: 'go', chapter: 12 });
    // A digit that cannot grow goes at once.
    expect(keyAction('3', s)).toEqual({ type: 'go', chapter: 3 });
    // "1" then Enter, or "1" then the pause (the player's timer calls takeDigits): chapter 1.
    expect(keyAction('1', s)).toEqual({ type: 'digits', digits: '1' });
    expect(keyAction('Enter', s)).toEqual({ type: 'go', chapter: 1 });
    keyAction('1', s);
    expect(takeDigits(s)).toEqual({ type: 'go', chapter: 1 });
    expect(takeDigits(s)).toEqual({ type: 'digits', digits: '' });
    // "18" is past the end: the new digit alone.
    keyAction('1', s);
    expect(keyAction('8', s)).toEqual({ type: 'go', chapter: 8 });
    // Backspace removes a digit; Esc drops the digits and does not leave the story.
    keyAction('1', s);
    expect(keyAction('Backspace', s)).toEqual({ type: 'digits', digits: '' });
    keyAction('1', s);
    expect(keyAction('Escape', s)).toEqual({ type: 'digits', digits: '' });
    expect(keyAction('Escape', s)).toEqual({ type: 'exit' });
    // With 120 chapters "12" still waits for a third digit.
    const big = state(1, 120);
    keyAction('1', big);
    expect(keyAction('2', big)).toEqual({ type: 'digits', digits: '12' });
    expect(keyAction('0', big)).toEqual({ type: 'go', chapter: 120 });
    expect(keyAction('0', state(1))).toEqual({ type: 'digits', digits: '' });
  });
});

describe('export helpers', () => {
  it('picks a round scale bar no longer than the room it has', () => {
    expect(niceScale(2, 150)).toEqual({ metres: 200, px: 100, label: '200 m' });
    expect(niceScale(10, 160)).toEqual({ metres: 1000, px: 100, label: '1 km' });
    expect(niceScale(30, 160).label).toBe('2 km');
    // Web Mercator with 512-px tiles: ~78 km per pixel at zoom 0 on the equator, half that at 60°.
    expect(metresPerPixel(0, 0)).toBeCloseTo(78271.5, 0);
    expect(metresPerPixel(60, 0)).toBeCloseTo(78271.5 / 2, 0);
  });

  it('scales the outputs of a zoom curve, never the curve itself', () => {
    expect(scaleOutput(2, 1.5)).toBe(3);
    expect(scaleOutput(['interpolate', ['linear'], ['zoom'], 12, 2, 16, 10], 2)).toEqual(['interpolate', ['linear'], ['zoom'], 12, 4, 16, 20]);
    expect(scaleOutput(['step', ['zoom'], 1, 12, 2], 3)).toEqual(['step', ['zoom'], 3, 12, 6]);
    expect(scaleOutput(['match', ['get', 'c'], 'a', 1, 2], 2)).toEqual(['*', ['match', ['get', 'c'], 'a', 1, 2], 2]);
  });

  it('names files safely', () => {
    expect(slug('Kraśnik Łąki 2030')).toBe('krasnik-laki-2030');
    expect(slug('***')).toBe('mapa');
  });
});
