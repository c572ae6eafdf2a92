/**
 * Every feature, every town: the same checks run against each real pack in data/
 * (Kraśnik 2030 and the Kalisz programme), so nothing quietly works for one town only.
 */
import { readdirSync } from 'node:fs';
import { area, bbox as turfBbox, booleanPointInPolygon, pointOnFeature, polygon as turfPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CityDetail, CityList, DistrictAt, DistrictList, DistrictSummaries, ProposalCollection, ProposalDetail, ProposalSetup, QueryResult, Story } from '../../server/api-types.ts';
import { resident, staff, type Caller } from '../helpers/people.ts';
import { REAL_PACKS } from '../helpers/temp-pack.ts';
import { postJson, testApp } from '../helpers/test-app.ts';

const CITIES = readdirSync(REAL_PACKS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});

const json = async <T>(p: string, init?: RequestInit): Promise<T> => {
  const res = await t.request(p, init);
  expect(res.status, `${p}: ${res.status}`).toBe(200);
  return (await res.json()) as T;
};

type Area = Feature<Polygon | MultiPolygon>;
const districtsOf = async (city: string) => (await json<{ features: Area[] }>(`/api/cities/${city}/districts/geometry`)).features;

/** Points spread over a district (a grid over its bbox, kept when inside), nearest to its interior point first. */
function candidatesIn(d: Area): [number, number][] {
  const inner = pointOnFeature(d).geometry.coordinates as [number, number];
  const [w, s, e, n] = turfBbox(d);
  const pts: [number, number][] = [inner];
  for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) pts.push([w + ((e - w) * i) / 12, s + ((n - s) * j) / 12]);
  return pts.filter((p) => booleanPointInPolygon(p, d)).sort((a, b) => Math.hypot(a[0] - inner[0], a[1] - inner[1]) - Math.hypot(b[0] - inner[0], b[1] - inner[1]));
}

/** A ~20 m square around a point (400 m²: under every kind's area limit). */
function squareAt([lon, lat]: [number, number]) {
  const dLat = 10 / 111_320;
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  return turfPolygon([[[lon - dLon, lat - dLat], [lon + dLon, lat - dLat], [lon + dLon, lat + dLat], [lon - dLon, lat + dLat], [lon - dLon, lat - dLat]]]).geometry;
}

describe('the real packs', () => {
  it('are Kraśnik and Kalisz, both listed by the API', async () => {
    expect(CITIES).toEqual(['kalisz', 'krasnik']);
    const list = await json<CityList>('/api/cities');
    for (const id of CITIES) expect(list.cities.map((c) => c.id)).toContain(id);
  });
});

describe.each(CITIES)('%s', (city) => {
  it('serves its detail, every layer and its boundary', async () => {
    const detail = await json<CityDetail>(`/api/cities/${city}`);
    expect(detail.goals.strategic.length).toBeGreaterThan(0);
    expect(detail.undertakings.length).toBeGreaterThan(0);
    for (const l of detail.layers) {
      const fc = await json<{ features: unknown[] }>(`/api/cities/${city}/layers/${l.id}`);
      expect(fc.features.length, l.id).toBe(l.featureCount);
    }
    await json(`/api/cities/${city}/boundary`);
  });

  it('finds the district of a point inside each district, and district areas add up to the town', async () => {
    const list = await json<DistrictList>(`/api/cities/${city}/districts`);
    const shapes = await districtsOf(city);
    expect(shapes.map((d) => d.properties!.id)).toEqual(list.districts.map((d) => d.id));
    for (const d of shapes) {
      const [lon, lat] = candidatesIn(d)[0]!;
      const at = await json<DistrictAt>(`/api/cities/${city}/districts/at?lon=${lon}&lat=${lat}`);
      expect(at.district.id).toBe(d.properties!.id);
    }
    const boundary = await json<Feature<Polygon | MultiPolygon>>(`/api/cities/${city}/boundary`);
    const sum = list.districts.reduce((s, d) => s + d.areaKm2, 0);
    expect(Math.abs(sum - area(boundary) / 1e6) / sum).toBeLessThan(0.001);
  });

  it('answers district summaries (JSON and CSV) and an area query over the whole town', async () => {
    const all = await json<DistrictSummaries>(`/api/cities/${city}/districts/summaries`);
    const list = await json<DistrictList>(`/api/cities/${city}/districts`);
    expect(all.summaries.map((s) => s.district.id)).toEqual(list.districts.map((d) => d.id));
    const csv = await (await t.request(`/api/cities/${city}/districts/summaries.csv`)).text();
    expect(csv.trim().split('\n').length).toBe(list.districts.length + 1);

    // A query drawn over one district's bbox overlaps that district.
    const d = list.districts[0]!;
    const [w, s, e, n] = d.bbox;
    const q = await json<QueryResult>(`/api/cities/${city}/query`, postJson(turfPolygon([[[w, s], [e, s], [e, n], [w, n], [w, s]]]).geometry));
    expect(q.districts.find((x) => x.id === d.id)!.overlapHa).toBeGreaterThan(0);
  });

  it('takes a proposal of every kind it declares, in the district where it lies, and exports it', async () => {
    const setup = await json<ProposalSetup>(`/api/cities/${city}/proposal-setup`);
    expect(setup.kinds.length).toBeGreaterThan(0);
    const who: Caller = await resident(t.request, `Test ${city}`);
    const shapes = await districtsOf(city);
    const made: string[] = [];
    for (const [k, kind] of setup.kinds.entries()) {
      // Each kind in another district, tried at spread points until one is clear of water and of other proposals.
      const d = shapes[k % shapes.length]!;
      let created: ProposalDetail | null = null;
      const refusals: string[] = [];
      for (const p of candidatesIn(d).slice(0, 40)) {
        const geometry = kind.geometries.includes('Point') ? { type: 'Point', coordinates: p } : squareAt(p);
        const body = { kind: kind.id, geometry, count: 1, note: `test ${kind.id}`, ...(kind.needsSpecies ? { species: setup.species[0]!.id } : {}) };
        const res = await t.request(`/api/cities/${city}/proposals`, postJson(body, who.headers));
        if (res.status === 201) {
          created = (await res.json()) as ProposalDetail;
          break;
        }
        refusals.push(`${res.status} ${await res.text()}`);
      }
      expect(created, `${kind.id}: ${refusals.slice(0, 2).join(' | ')}`).not.toBeNull();
      expect(created!.properties.kind).toBe(kind.id);
      expect(created!.properties.district).toBe(d.properties!.id);
      made.push(created!.id);
    }

    const listed = await json<ProposalCollection>(`/api/cities/${city}/proposals?limit=100`);
    for (const id of made) expect(listed.features.map((f) => f.id)).toContain(id);
    const csv = await (await t.request(`/api/cities/${city}/proposals/export.csv`)).text();
    for (const id of made) expect(csv).toContain(id);

    // A planner of this town accepts the first one; the proposals collection in OGC API serves them all.
    const planner = await staff(t.request, t.store, 'planner');
    const accepted = await t.request(`/api/cities/${city}/proposals/${made[0]}/status`, postJson({ status: 'accepted' }, planner.headers));
    expect(accepted.status).toBe(200);
    // One collection per geometry type: points and areas.
    const served: string[] = [];
    for (const col of ['proposals-points', 'proposals-polygons']) {
      const res = await t.request(`/ogc/${city}/collections/${col}/items?f=json&limit=100`);
      if (res.status === 404) continue; // the town takes no proposals of that geometry
      served.push(...((await res.json()) as { features: { id: string }[] }).features.map((f) => String(f.id)));
    }
    for (const id of made) expect(served).toContain(id);
  });

  it('tells a story whose chapters name districts, goals and layers the pack has, with live district figures', async () => {
    const story = await json<Story>(`/api/cities/${city}/story`);
    const detail = await json<CityDetail>(`/api/cities/${city}`);
    const districts = new Set((await json<DistrictList>(`/api/cities/${city}/districts`)).districts.map((d) => d.id));
    const goals = new Set(detail.goals.strategic.map((g) => g.code));
    const layers = new Set(detail.layers.map((l) => l.id));
    expect(story.chapters.length).toBeGreaterThan(2);
    for (const c of story.chapters) {
      for (const l of c.layers) expect(layers, `${c.id} layer ${l}`).toContain(l);
      if (c.goal) expect(goals).toContain(c.goal);
      if (c.district) {
        expect(districts).toContain(c.district);
        await json(`/api/cities/${city}/districts/${c.district}/summary`);
      }
    }
  });

  it('publishes every layer, its districts and boundary as OGC API collections with matching counts', async () => {
    const detail = await json<CityDetail>(`/api/cities/${city}`);
    const cols = await json<{ collections: { id: string }[] }>(`/ogc/${city}/collections?f=json`);
    const ids = cols.collections.map((c) => c.id);
    // A layer is one collection, or one per geometry type it holds (<layer>-points/-lines/-polygons) whose counts add up.
    for (const l of detail.layers) {
      const parts = ids.includes(l.id) ? [l.id] : ids.filter((id) => /^(.*)-(points|lines|polygons)$/.exec(id)?.[1] === l.id);
      expect(parts.length, l.id).toBeGreaterThan(0);
      let n = 0;
      for (const id of parts) n += (await json<{ numberMatched: number }>(`/ogc/${city}/collections/${id}/items?f=json&limit=1`)).numberMatched;
      expect(n, l.id).toBe(l.featureCount);
    }
    const districts = await json<{ numberMatched: number }>(`/ogc/${city}/collections/districts/items?f=json&limit=1`);
    expect(districts.numberMatched).toBe((await json<DistrictList>(`/api/cities/${city}/districts`)).districts.length);
    expect(ids).toEqual(expect.arrayContaining(['districts', 'boundary', 'proposals-points']));
  });
});
