import { gunzipSync } from 'node:zlib';
import { area, polygon } from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DistrictList, DistrictSummaries, DistrictSummary, QueryResult } from '../../server/api-types.ts';
import { resident, tree } from '../helpers/people.ts';
import { postJson, testApp } from '../helpers/test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});

// The fixture "mini": two districts, zachod (22.00–22.01°E) and wschod (22.01–22.02°E), 50.90–50.91°N.
// route-a runs east along 50.905°N from 22.002 to 22.018 (half in each); route-b runs north at 22.005°E (all in zachod);
// park-a spans 22.008–22.012°E (half in each); spot-a is a point in wschod.
const halfPark = (w: number, e: number) => area(polygon([[[w, 50.902], [e, 50.902], [e, 50.904], [w, 50.904], [w, 50.902]]])) / 1e4;

describe('GET /api/cities/:city/districts', () => {
  it('lists districts with geodesic area and population where the pack has it', async () => {
    const body = (await (await t.request('/api/cities/mini/districts')).json()) as DistrictList;
    expect(body.districts.map((d) => [d.id, d.population])).toEqual([['zachod', 1200], ['wschod', null]]);
    const expectedKm2 = area(polygon([[[22.0, 50.9], [22.01, 50.9], [22.01, 50.91], [22.0, 50.91], [22.0, 50.9]]])) / 1e6;
    expect(body.districts[0]!.areaKm2).toBeCloseTo(expectedKm2, 9);
    expect(body.districts[0]!.bbox).toEqual([22.0, 50.9, 22.01, 50.91]);
  });
});

describe('GET /api/cities/:city/districts/:district/summary', () => {
  it('clips routes at the district edge, measures areas, counts points and reports the tree target', async () => {
    const res = await t.request('/api/cities/mini/districts/zachod/summary');
    expect(res.status).toBe(200);
    const s = (await res.json()) as DistrictSummary;
    expect(s.district.name).toBe('Zachód');
    const routes = s.routes.find((r) => r.layer === 'routes')!;
    const routeA = routes.features.find((f) => f.id === 'route-a')!;
    const routeB = routes.features.find((f) => f.id === 'route-b')!;
    expect(routeA.declaredKm).toBe(1.1);
    expect(routeB.declaredKm).toBeNull();
    const east = (await (await t.request('/api/cities/mini/districts/wschod/summary')).json()) as DistrictSummary;
    const eastA = east.routes[0]!.features.find((f) => f.id === 'route-a')!;
    // Symmetric halves of a parallel: equal within a millimetre.
    expect(Math.abs(routeA.km - eastA.km)).toBeLessThan(1e-6);
    expect(routes.km).toBeCloseTo(routeA.km + routeB.km, 9);
    expect(east.routes[0]!.features.map((f) => f.id)).toEqual(['route-a']);

    const park = s.undertakings.find((u) => u.featureId === 'park-a')!;
    expect(park.geometry).toBe('area');
    expect(park.areaHa!).toBeCloseTo(halfPark(22.008, 22.01), 3);
    expect(s.undertakings.some((u) => u.featureId === 'spot-a')).toBe(false);
    expect(east.undertakings.find((u) => u.featureId === 'spot-a')).toMatchObject({ geometry: 'point', count: 1, layer: 'spots' });

    const cover = s.coverage.find((c) => c.layer === 'parks')!;
    expect(cover.areaHa).toBeCloseTo(halfPark(22.008, 22.01), 3);
    expect(cover.share).toBeCloseTo(cover.areaHa / (s.district.areaKm2 * 100), 9);
    // Context layers (water) never count as the strategy's.
    expect(s.coverage.some((c) => c.layer === 'water')).toBe(false);
    expect(s.targets).toEqual([
      { id: 'trees', label: 'Drzewa', unit: 'drzew', target: 1000, proposed: 0, accepted: 0, planted: 0, source: { document: 'Test strategy', section: '1' } },
    ]);
  });

  it('gives every district at once for the choropleth', async () => {
    const body = await (await t.request('/api/cities/mini/districts/summaries')).json();
    expect(body.summaries.map((s: DistrictSummary) => s.district.id)).toEqual(['zachod', 'wschod']);
  });

  it('sends the summaries as kept until a proposal is written: one ETag, 304 for it, the same JSON gzipped', async () => {
    const t = await testApp();
    const url = '/api/cities/mini/districts/summaries';
    const first = await t.request(url);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const text = await first.text();
    expect(JSON.parse(text).summaries).toHaveLength(2);
    expect((await t.request(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const gz = await t.request(url, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('etag')).toBe(etag);
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8')).toBe(text);
    // A new proposal: a new answer, counted, with a new ETag (the old one gets the full body).
    const ala = await resident(t.request, 'Ala');
    expect((await t.request('/api/cities/mini/proposals', postJson(tree(22.005, 50.905), ala.headers))).status).toBe(201);
    const after = await t.request(url, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const { summaries } = (await after.json()) as DistrictSummaries;
    expect(summaries.find((s) => s.district.id === 'zachod')!.targets.find((x) => x.id === 'trees')!.proposed).toBe(1);
    await t.store.close();
  });

  it('answers 404 for an unknown district, naming the districts there are', async () => {
    const res = await t.request('/api/cities/mini/districts/polnoc/summary');
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ code: 'unknown-district', message: 'City "mini" has no district "polnoc". Its districts: zachod, wschod.' });
    expect((await t.request('/api/cities/nowhere/districts/zachod/summary')).status).toBe(404);
  });
});

describe('GET /api/cities/:city/districts/at', () => {
  it('finds the district containing a point', async () => {
    const res = await t.request('/api/cities/mini/districts/at?lon=22.015&lat=50.905');
    expect(res.status).toBe(200);
    expect((await res.json()).district.id).toBe('wschod');
  });

  it('puts a point on the shared border in the district listed first in the pack', async () => {
    const body = await (await t.request('/api/cities/mini/districts/at?lon=22.01&lat=50.905')).json();
    expect(body.district.id).toBe('zachod');
  });

  it('answers 404 with a message outside the town, 400 for a bad point', async () => {
    const out = await t.request('/api/cities/mini/districts/at?lon=22.03&lat=50.905');
    expect(out.status).toBe(404);
    expect((await out.json()).error.message).toMatch(/outside every district of Miniów/);
    for (const q of ['lon=abc&lat=50.9', 'lon=22&lat=91', 'lon=181&lat=50', 'lat=50.9', 'lon=Infinity&lat=50.9', 'lon=22&lat=50&x=1']) {
      const res = await t.request(`/api/cities/mini/districts/at?${q}`);
      expect(res.status, q).toBe(400);
      expect((await res.json()).error.code, q).toBe('invalid-point');
    }
  });
});

describe('POST /api/cities/:city/query', () => {
  const square = (w: number, s: number, e: number, n: number) => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });

  it('summarises a drawn area and lists the districts it overlaps', async () => {
    const res = await t.request('/api/cities/mini/query', postJson(square(22.008, 50.9, 22.012, 50.91)));
    expect(res.status).toBe(200);
    const q = (await res.json()) as QueryResult;
    expect(q.districts.map((d) => d.id)).toEqual(['zachod', 'wschod']);
    expect(q.districts[0]!.share).toBeCloseTo(0.2, 2);
    expect(q.undertakings.find((u) => u.featureId === 'park-a')!.areaHa!).toBeCloseTo(halfPark(22.008, 22.012), 3);
    expect(q.targets[0]).toMatchObject({ id: 'trees', target: null, proposed: 0 });
    // A Feature wrapping the polygon is accepted too, with geo+json.
    const f = await t.request('/api/cities/mini/query', postJson({ type: 'Feature', properties: {}, geometry: square(22.001, 50.901, 22.002, 50.902) }, { 'content-type': 'application/geo+json' }));
    expect(f.status).toBe(200);
    expect(((await f.json()) as QueryResult).districts.map((d) => d.id)).toEqual(['zachod']);
  });

  const bad: [string, unknown, string][] = [
    ['an unclosed ring', { type: 'Polygon', coordinates: [[[22.0, 50.9], [22.01, 50.9], [22.01, 50.91], [22.0, 50.91]]] }, 'ring-not-closed'],
    ['a self-intersecting ring', { type: 'Polygon', coordinates: [[[22.0, 50.9], [22.01, 50.91], [22.01, 50.9], [22.0, 50.91], [22.0, 50.9]]] }, 'self-intersection'],
    ['fewer than 4 positions', { type: 'Polygon', coordinates: [[[22.0, 50.9], [22.01, 50.9], [22.0, 50.9]]] }, 'ring-too-short'],
    ['a string for a number', { type: 'Polygon', coordinates: [[[22.0, 'NaN'], [22.01, 50.9], [22.01, 50.91], [22.0, 50.9]]] }, 'position-invalid'],
    ['a latitude out of range', square(22.0, 89.5, 22.01, 90.5), 'coordinate-range'],
    ['a longitude out of range', square(180.5, 50.9, 181, 50.91), 'coordinate-range'],
    ['a point', { type: 'Point', coordinates: [22.0, 50.9] }, 'geometry-type'],
    ['a line', { type: 'LineString', coordinates: [[22.0, 50.9], [22.01, 50.9]] }, 'geometry-type'],
    ['a GeometryCollection', { type: 'GeometryCollection', geometries: [] }, 'geometry-type'],
    ['an array', [1, 2, 3], 'geometry-type'],
    ['null', null, 'geometry-type'],
  ];
  for (const [what, body, rule] of bad) {
    it(`refuses ${what} with 400 and the rule "${rule}"`, async () => {
      const res = await t.request('/api/cities/mini/query', postJson(body));
      expect(res.status).toBe(400);
      const err = (await res.json()).error;
      expect(err.code).toBe(rule);
      expect(err.message.length).toBeGreaterThan(10);
    });
  }

  it('refuses Infinity (1e999 in JSON) as a coordinate', async () => {
    const text = '{"type":"Polygon","coordinates":[[[22.0,50.9],[1e999,50.9],[22.01,50.91],[22.0,50.9]]]}';
    const res = await t.request('/api/cities/mini/query', postJson(text));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('position-invalid');
  });

  it('refuses NaN (not JSON at all) and malformed JSON with invalid-json', async () => {
    for (const text of ['{"type":"Polygon","coordinates":[[[NaN,50.9]]]}', '{"type":', '']) {
      const res = await t.request('/api/cities/mini/query', postJson(text));
      expect(res.status, text).toBe(400);
      expect((await res.json()).error.code).toBe('invalid-json');
    }
  });

  it('refuses more than 500 vertices before any geometry work, naming the cap', async () => {
    const ring: number[][] = [];
    for (let i = 0; i < 2_500; i++) ring.push([+(22 + 0.01 * Math.cos(i)).toFixed(4), +(50.9 + 0.01 * Math.sin(i * 7)).toFixed(4)]);
    ring.push(ring[0]!);
    const res = await t.request('/api/cities/mini/query', postJson({ type: 'Polygon', coordinates: [ring] }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: 'too-many-vertices', details: { params: { max: 500, count: 2_501 } } });
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const ring = Array.from({ length: 6000 }, (_, i) => [22 + i * 1e-6, 50.9 + (i % 2) * 1e-6]);
    const res = await t.request('/api/cities/mini/query', postJson({ type: 'Polygon', coordinates: [ring] }));
    expect(res.status).toBe(413);
    // The rest of the body is left unread, so the connection is not kept alive.
    expect(res.headers.get('connection')).toBe('close');
    expect((await res.json()).error.code).toBe('body-too-large');
  });

  it('refuses a body that is not JSON with 415, and an unknown city with 404', async () => {
    const res = await t.request('/api/cities/mini/query', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
    const unknown = await t.request('/api/cities/atlantis/query', postJson(square(22.0, 50.9, 22.01, 50.91)));
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('unknown-city');
  });

  it('never logs an internal error for any of these inputs', () => {
    expect(t.errors).toEqual([]);
  });
});

describe('downloads', () => {
  it('gives the district summaries as CSV with a BOM, one row per district', async () => {
    const res = await t.request('/api/cities/mini/districts/summaries.csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="mini-dzielnice-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(lines[0]).toBe('district_id,district,area_km2,population,routes_km,parks_ha,parks_share,trees_target,trees_proposed,trees_accepted,trees_planted,undertakings,accuracy');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^zachod,Zachód,0\.78\d,1200,1\.45\d,\d+\.\d{2},0\.\d{4},1000,0,0,0,"?[^,]*Park Środkowy/);
    expect(lines[2]).toMatch(/^wschod,Wschód,0\.78\d,,/);
  });

  it('serves a layer as a GeoJSON file to save with ?download', async () => {
    const res = await t.request('/api/cities/mini/layers/parks?download=1');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="mini-parks.geojson"');
    expect((await res.json()).features).toHaveLength(1);
  });
});
