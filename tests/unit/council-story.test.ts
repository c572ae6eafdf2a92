import { describe, expect, it } from 'vitest';
import type { FeatureCollection, Polygon } from 'geojson';
import type { YearReport } from '../../server/report/year-report.ts';
import type { UndertakingState } from '../../server/progress/progress-types.ts';
import type { CityDetail } from '../../server/api-types.ts';
import { cameraForBox, councilStory } from '../../web/story/council-story.ts';
import { builtKmIn } from '../../web/progress/built-in-area.ts';

const square = (w: number, s: number, e: number, n: number): Polygon => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });

const fig = (reached: number | null) => ({ id: 'km', label: 'Długość tras', unit: 'km', target: 8.26, reached, reachedAsOf: reached === null ? null : '2025-06-30', share: reached === null ? null : reached / 8.26, from: 'progress' as const });
const update = { id: 'u1', undertaking: 'trasy', asOf: '2025-06-30', status: 'in_progress' as const, values: { km: 2.1 }, note: 'Odcinek gotowy', geometry: { type: 'LineString' as const, coordinates: [[0.5, 0.5], [1.5, 0.5]] }, corrects: null, correctedBy: null, author: 'Urząd', createdAt: '2025-07-01T10:00:00Z' };

const report: YearReport = {
  city: 'x', town: 'Miasteczko', strategy: 'Strategia 2030', office: 'Urząd', year: 2025, at: '2025-12-31', updateCount: 1, built: [],
  goals: [
    { code: 'I', name: 'Cel pierwszy', share: 2.1 / 8.26, sharesCounted: 1, undertakings: [
      { id: 'trasy', name: 'Trasy', goal: 'I', status: 'in_progress', asOf: '2025-06-30', figures: [fig(2.1)], share: 2.1 / 8.26, measured: { lengthKm: 111.2 }, yearUpdates: [update] },
      { id: 'park', name: 'Park', goal: 'I', status: 'planned', asOf: null, figures: [], share: null, measured: null, yearUpdates: [] },
    ] },
  ],
  districts: [
    { id: 'a', name: 'Dzielnica A', updates: [{ ...update, undertakingName: 'Trasy' }], trees: { planted: 12, target: 1000, accepted: 30, proposed: 55 }, targets: [], undertakings: [] },
    { id: 'b', name: 'Dzielnica B', updates: [], trees: null, targets: [], undertakings: [] },
  ],
};
const states: UndertakingState[] = [{ undertaking: 'trasy', status: 'in_progress', asOf: '2025-06-30', values: { km: { value: 2.1, asOf: '2025-06-30' } }, geometry: update.geometry, updates: ['u1'] }];
const districts: FeatureCollection = { type: 'FeatureCollection', features: [
  { type: 'Feature', properties: { id: 'a' }, geometry: square(0, 0, 1, 1) },
  { type: 'Feature', properties: { id: 'b' }, geometry: square(1, 0, 2, 1) },
] };
const detail = { name: 'Miasteczko', bounds: [0, 0, 2, 1], layers: [], undertakings: [], featureIndex: {} } as unknown as CityDetail;

describe('the report to the council as a story', () => {
  const story = councilStory({ report, states, detail, layers: null, districts });

  it('has an opening, a chapter per goal, per undertaking changed that year, per district, and a closing one', () => {
    expect(story.chapters.map((c) => c.id)).toEqual(['council-opening', 'council-goal-i', 'council-trasy', 'council-district-a', 'council-district-b', 'council-closing']);
    expect(story.chapters.map((c) => c.kind)).toEqual(['title', 'goal', 'undertaking', 'district', 'district', 'closing']);
  });

  it('takes every figure from the report: shares, counts, reached against targets, trees', () => {
    const [opening, goal, trasy, a, b] = story.chapters;
    expect(opening!.shown.map((f) => f.value)).toEqual(['25,4%', '0 / 2', '1']);
    expect(goal!.items.map((i) => [i.name, i.status])).toEqual([['Trasy', 'in_progress'], ['Park', 'planned']]);
    expect(trasy!.shown[0]).toEqual({ value: '2,1 z 8,26 km', label: 'Długość tras · 25,4%' });
    expect(trasy!.items[0]!.detail).toBe('Długość tras: 2,1 km · Odcinek gotowy');
    expect(trasy!.built.features).toHaveLength(1);
    expect(a!.shown.slice(0, 3).map((f) => f.value)).toEqual(['12 / 1000', '30', '55']);
    // Half of the built section lies in A, half in B (each ≈ 55.6 km at the equator).
    expect(Number(a!.shown[3]!.value.replace(' km', '').replace(',', '.'))).toBeCloseTo(55.6, 0);
    expect(b!.shown.map((f) => f.label)).toEqual(['wykonanych tras w granicach dzielnicy (pomiar z mapy)']);
  });

  it('frames each chapter: the town, the built work, the district', () => {
    expect(story.chapters[0]!.box).toEqual([0, 0, 2, 1]);
    expect(story.chapters[2]!.box).toEqual([0.5, 0.5, 1.5, 0.5]);
    expect(story.chapters[4]!.box).toEqual([1, 0, 2, 1]);
  });
});

describe('km built inside an area', () => {
  it('clips a line at the edge and counts only the part inside', () => {
    const line = { type: 'LineString' as const, coordinates: [[0.5, 0.5], [1.5, 0.5]] };
    const inside = builtKmIn(line, square(0, 0, 1, 1));
    const whole = builtKmIn(line, square(0, 0, 2, 1));
    expect(inside).toBeCloseTo(whole / 2, 3);
    expect(builtKmIn(line, square(5, 5, 6, 6))).toBe(0);
    expect(builtKmIn({ type: 'Point', coordinates: [0.5, 0.5] }, square(0, 0, 1, 1))).toBe(0);
    expect(builtKmIn(null, square(0, 0, 1, 1))).toBe(0);
  });
});

describe('the camera for a box', () => {
  it('fits the box in the free part of the map and zooms in as the free part grows', () => {
    const box: [number, number, number, number] = [22.1, 50.9, 22.3, 51.0];
    const none = { top: 0, right: 0, bottom: 0, left: 0 };
    const a = cameraForBox(box, { width: 1000, height: 800 }, none);
    const b = cameraForBox(box, { width: 2000, height: 1600 }, none);
    expect(b.zoom - a.zoom).toBeCloseTo(1, 5);
    expect(a.center[0]).toBeCloseTo(22.2, 9);
    expect(a.center[1]).toBeCloseTo(50.95, 9);
    const padded = cameraForBox(box, { width: 1000, height: 800 }, { ...none, left: 500 });
    expect(padded.zoom).toBeLessThan(a.zoom);
    expect(cameraForBox([22, 50, 22, 50], { width: 1000, height: 800 }, none).zoom).toBe(17);
  });
});
