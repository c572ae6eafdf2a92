import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { booleanPointInPolygon, length as turfLength } from '@turf/turf';
import type { FeatureCollection } from 'geojson';
import type { CityDetail, CityList, CityMapData } from '../../server/api-types.ts';
import { TEST_CONFIG, testApp } from '../helpers/test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});

describe('GET /api/cities', () => {
  it('lists every pack with its strategy', async () => {
    const res = await t.request('/api/cities');
    expect(res.status).toBe(200);
    const body = (await res.json()) as CityList;
    const ids = body.cities.map((c) => c.id);
    expect(ids).toContain('krasnik');
    expect(ids).toContain('mini');
    expect(body.cities.find((c) => c.id === 'mini')!.strategy.title).toBe('Strategia testowa');
  });

  it('lists the default town first: the first pack by id unless DEFAULT_CITY names another', async () => {
    const body = (await (await t.request('/api/cities')).json()) as CityList;
    const ids = body.cities.map((c) => c.id);
    // No town is special in code: unset, the default is the first id alphabetically, the rest follow in order.
    expect(body.defaultCity).toBe('kalisz');
    expect(ids).toEqual([...ids].sort());
    const krasnik = await testApp({ config: { ...TEST_CONFIG, DEFAULT_CITY: 'krasnik' } });
    const k = (await (await krasnik.request('/api/cities')).json()) as CityList;
    expect(k.defaultCity).toBe('krasnik');
    expect(k.cities.map((c) => c.id)).toEqual(['krasnik', ...ids.filter((id) => id !== 'krasnik')]);
  });

  it('refuses to start when DEFAULT_CITY names no loaded pack, and says which exist', async () => {
    await expect(testApp({ config: { ...TEST_CONFIG, DEFAULT_CITY: 'gotham' } })).rejects.toThrow(/DEFAULT_CITY="gotham" is not a loaded pack; loaded packs: .*krasnik/);
  });
});

describe('GET /api/cities/:city', () => {
  it('returns manifest, goals, undertakings and the layer catalogue with counts, bbox and legend', async () => {
    const res = await t.request('/api/cities/mini');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as CityDetail;
    expect(body.name).toBe('Miniów');
    expect(body.goals.strategic.map((g) => g.code)).toEqual(['I', 'II']);
    expect(body.undertakings.find((u) => u.id === 'u-nosite')!.layers).toEqual([]);
    const routes = body.layers.find((l) => l.id === 'routes')!;
    expect(routes).toMatchObject({ featureCount: 2, kind: 'route', role: 'strategy', legend: { color: '#0072b2' }, accuracy: 'schematic' });
    expect(routes.bbox).toEqual([22.002, 50.901, 22.018, 50.909]);
    expect(body.districts).toEqual([{ id: 'zachod', name: 'Zachód' }, { id: 'wschod', name: 'Wschód' }]);
    expect(body.featureIndex['spot-a']).toEqual({ layer: 'spots', bbox: [22.015, 50.907, 22.015, 50.907] });
    // The routes' measured lengths come with the catalogue (the viewer measures nothing at start): geodesic, per line feature.
    const routeData = (await (await t.request('/api/cities/mini/layers/routes')).json()) as FeatureCollection;
    expect(Object.keys(body.lineKm).sort()).toEqual(routeData.features.map((f) => String(f.id)).sort());
    for (const f of routeData.features) expect(body.lineKm[String(f.id)]).toBeCloseTo(turfLength(f, { units: 'kilometers' }), 9);
    expect(body.lineKm['spot-a']).toBeUndefined();
    expect(body.targets[0]).toMatchObject({ id: 'trees', perDistrict: 1000 });
  });

  it('answers 404 with a message naming the known cities', async () => {
    const res = await t.request('/api/cities/gotham');
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error.code).toBe('unknown-city');
    expect(body.error.message).toMatch(/There is no city "gotham"\. Known cities: .*krasnik/);
  });
});

describe('GET /api/cities/:city/layers/:layer', () => {
  it('serves GeoJSON with top-level ids, an ETag, 304 on revalidation and gzip when asked', async () => {
    const res = await t.request('/api/cities/mini/layers/routes');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const fc = await res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f: { id: string }) => f.id)).toEqual(['route-a', 'route-b']);
    expect(fc.features[0].properties.figures).toEqual([{ label: 'Długość', value: 1.1, unit: 'km' }]);

    const again = await t.request('/api/cities/mini/layers/routes', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const gz = await t.request('/api/cities/mini/layers/routes', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8'))).toEqual(fc);
  });

  it('answers 404 for an unknown layer, naming the layers there are', async () => {
    const res = await t.request('/api/cities/mini/layers/bikes');
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toBe('City "mini" has no layer "bikes". Its layers: routes, parks, spots, water.');
  });

  it('serves the boundary and the districts with their measured areas', async () => {
    const b = await (await t.request('/api/cities/mini/boundary')).json();
    expect(b.features[0].id).toBe('mini');
    const d = await (await t.request('/api/cities/mini/districts/geometry')).json();
    expect(d.features.map((f: { id: string }) => f.id)).toEqual(['zachod', 'wschod']);
    // 0.01° × 0.01° at 50.9°N ≈ 0.702 km × 1.112 km.
    expect(d.features[0].properties.areaKm2).toBeGreaterThan(0.77);
    expect(d.features[0].properties.areaKm2).toBeLessThan(0.79);
  });

  it('serves the first map\'s data in one response: the boundary, the districts and every layer, as the separate routes do', async () => {
    const res = await t.request('/api/cities/mini/map-data');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as CityMapData;
    expect(body.boundary).toEqual(await (await t.request('/api/cities/mini/boundary')).json());
    expect(body.districts).toEqual(await (await t.request('/api/cities/mini/districts/geometry')).json());
    const detail = (await (await t.request('/api/cities/mini')).json()) as CityDetail;
    expect(Object.keys(body.layers)).toEqual(detail.layers.map((l) => l.id));
    for (const l of detail.layers) expect(body.layers[l.id], l.id).toEqual(await (await t.request(`/api/cities/mini/layers/${l.id}`)).json());
    // Cached like the other bodies: 304 for its ETag, gzip when asked for.
    const etag = res.headers.get('etag')!;
    expect((await t.request('/api/cities/mini/map-data', { headers: { 'if-none-match': etag } })).status).toBe(304);
    const gz = await t.request('/api/cities/mini/map-data', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString())).toEqual(body);
    const unknown = await t.request('/api/cities/gotham/map-data');
    expect(unknown.status).toBe(404);
  });

  it('gives each district the point where the map writes its name, inside the district', async () => {
    const d = await (await t.request('/api/cities/mini/districts/geometry')).json();
    for (const f of d.features) {
      const at = [f.properties.labelLon, f.properties.labelLat];
      expect(at.every(Number.isFinite), f.id).toBe(true);
      expect(booleanPointInPolygon(at, f), f.id).toBe(true);
    }
    // West and east halves: their label points are on their own sides.
    expect(d.features[0].properties.labelLon).toBeLessThan(d.features[1].properties.labelLon);
  });
});

describe('the rest of the surface', () => {
  it('has a health check', async () => {
    const res = await t.request('/healthz');
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('ok');
  });

  it('answers unknown API routes with JSON 404', async () => {
    const res = await t.request('/api/nothing/here');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not-found');
  });

  it('sends security headers: CSP without inline scripts, nosniff, frame-ancestors', async () => {
    const res = await t.request('/api/cities');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('turns an unexpected error into a plain 500 without a stack trace, and logs it', async () => {
    const broken = await testApp({
      progress: {
        cityCounts: async () => {
          throw new Error('secret internal detail at /srv/app.ts:42');
        },
      },
    });
    const res = await broken.request('/api/cities/mini/districts/zachod/summary');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret');
    expect(text).not.toContain('.ts');
    expect(JSON.parse(text).error.code).toBe('internal');
    expect(broken.errors).toHaveLength(1);
  });

  it('serves the optional basemap setting, off by default', async () => {
    expect(await (await t.request('/api/settings')).json()).toEqual({ basemap: null });
    const osm = await testApp({ config: { ...TEST_CONFIG, BASEMAP: 'osm' } });
    const body = await (await osm.request('/api/settings')).json();
    expect(body.basemap.type).toBe('raster');
    expect((await osm.request('/api/settings')).headers.get('content-security-policy')).toContain('https://tile.openstreetmap.org');
  });
});
