/**
 * Context lines forbid the ground they stand for: a Kalisz site on the Prosna is refused like a
 * Kraśnik tree in the Zalew, while a site well clear of the river is taken.
 */
import { along, bbox, length, lineString } from '@turf/turf';
import type { LineString, MultiLineString, Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { forbiddenAreas, HALF_WIDTH_M } from '../../server/proposals/forbidden-areas.ts';
import { resident, type Caller } from '../helpers/people.ts';
import { postJson, testApp } from '../helpers/test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let who: Caller;
beforeAll(async () => {
  t = await testApp();
  who = await resident(t.request, 'Nad Prosną');
});

describe('forbidden areas of context layers', () => {
  it('keeps polygons, widens lines by their category\'s half-width and ignores points and uncategorised features', () => {
    const line = { type: 'LineString' as const, coordinates: [[18.0, 51.7], [18.01, 51.7]] };
    const areas = forbiddenAreas([
      { geometry: line, properties: { id: 'r', name: 'Rzeka', category: 'river' } },
      { geometry: { type: 'Point', coordinates: [18, 51.7] }, properties: { id: 'p', name: 'Pomnik', category: 'landmark' } },
      { geometry: line, properties: { id: 'x', name: 'Bez kategorii' } },
    ]);
    expect(areas.map((a) => a.properties)).toEqual([{ id: 'r', name: 'Rzeka', category: 'river' }]);
    // 15 m each side of a line along a parallel: the widened area is ~30 m of latitude tall.
    const [, s, , n] = bbox(areas[0]!);
    expect((n! - s!) * 111_320).toBeCloseTo(2 * HALF_WIDTH_M.river!, 0);
  });
});

describe('a Kalisz site on the Prosna', () => {
  // The schematic line stops where the real water of the centre is drawn: take its longest part.
  const prosna = async (): Promise<LineString> => {
    const body = (await (await t.request('/api/cities/kalisz/layers/context-rivers')).json()) as { features: { geometry: LineString | MultiLineString; properties: { name: string } }[] };
    const g = body.features.find((f) => f.properties.name === 'Prosna')!.geometry;
    if (g.type === 'LineString') return g;
    const parts = g.coordinates.map((c) => lineString(c));
    return parts.sort((a, b) => length(b) - length(a))[0]!.geometry;
  };
  const propose = (coordinates: number[]) =>
    t.request('/api/cities/kalisz/proposals', postJson({ kind: 'kultura-sport', geometry: { type: 'Point', coordinates }, count: 1, note: '' }, who.headers));

  it('is refused with the rule and the river named', async () => {
    const river = lineString((await prosna()).coordinates);
    const mid = along(river, length(river) / 2).geometry.coordinates;
    const res = await propose(mid);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string; details: { feature: { name: string; category: string } } } };
    expect(body.error.code).toBe('in-forbidden-area');
    expect(body.error.message).toMatch(/Prosna \(river\)/);
    expect(body.error.details.feature).toMatchObject({ name: 'Prosna', category: 'river' });
  });

  it('is taken 200 m away from the river', async () => {
    const river = lineString((await prosna()).coordinates);
    const [lon, lat] = along(river, length(river) / 2).geometry.coordinates as [number, number];
    // 200 m north or south of a point on the river; one of them is clear of every bend.
    const tries = [[lon, lat + 0.0018], [lon, lat - 0.0018], [lon + 0.003, lat], [lon - 0.003, lat]];
    const statuses: number[] = [];
    for (const c of tries) {
      const res = await propose(c);
      statuses.push(res.status);
      if (res.status === 201) break;
    }
    expect(statuses).toContain(201);
    expect(statuses.filter((s) => s !== 201 && s !== 422)).toEqual([]);
  });
});

describe('a Kalisz site in the water of the centre (OpenStreetMap, layer context-water)', () => {
  const propose = (coordinates: number[]) =>
    t.request('/api/cities/kalisz/proposals', postJson({ kind: 'kultura-sport', geometry: { type: 'Point', coordinates }, count: 1, note: '' }, who.headers));

  it('is refused: the imported water is forbidden context like the Prosna line', async () => {
    const body = (await (await t.request('/api/cities/kalisz/layers/context-water')).json()) as { features: { geometry: Polygon; properties: { name: string; category: string } }[] };
    expect(body.features.length).toBeGreaterThan(0);
    // The largest water polygon (the Prosna's main channel): a point well inside it.
    const { area: areaOf, pointOnFeature } = await import('@turf/turf');
    const biggest = [...body.features].sort((a, b) => areaOf(b.geometry) - areaOf(a.geometry))[0]!;
    const inside = pointOnFeature(biggest.geometry).geometry.coordinates;
    const res = await propose(inside);
    expect(res.status).toBe(422);
    const err = (await res.json()) as { error: { code: string; details: { feature: { category: string } } } };
    expect(err.error.code).toBe('in-forbidden-area');
    expect(err.error.details.feature.category).toBe('water');
  });
});
