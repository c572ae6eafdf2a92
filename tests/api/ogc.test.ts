import { beforeAll, describe, expect, it } from 'vitest';
import { resident, tree } from '../helpers/people.ts';
import { postJson, testApp } from '../helpers/test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});
const get = (p: string) => t.request(p);
const B = 'http://localhost/ogc/mini';

describe('OGC API – Features: service documents', () => {
  it('has a landing page with service-desc, conformance and data links, typed', async () => {
    const res = await get('/ogc/mini');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.json();
    const rel = (r: string) => body.links.find((l: { rel: string }) => l.rel === r);
    expect(rel('service-desc')).toEqual(expect.objectContaining({ type: 'application/vnd.oai.openapi+json;version=3.0', href: `${B}/api` }));
    expect(rel('conformance').href).toBe(`${B}/conformance`);
    expect(rel('data')).toEqual(expect.objectContaining({ type: 'application/json', href: `${B}/collections` }));
    for (const l of body.links) expect(l.type).toBeTruthy();
  });

  it('declares core, geojson and oas30 conformance', async () => {
    const body = await (await get('/ogc/mini/conformance')).json();
    expect(body.conformsTo).toEqual([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
    ]);
  });

  it('describes limit (default, maximum), bbox, offset and f in its OpenAPI document', async () => {
    const res = await get('/ogc/mini/api');
    expect(res.headers.get('content-type')).toBe('application/vnd.oai.openapi+json;version=3.0');
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\.0/);
    expect(doc.components.parameters.limit.schema).toMatchObject({ default: 100, maximum: 10000, minimum: 1 });
    expect(doc.components.parameters.f.schema.enum).toEqual(['json', 'geojson']);
    expect(doc.paths['/collections/{collectionId}/items'].get.parameters).toHaveLength(5);
  });

  it('lists the collections: every layer, districts, boundary and proposals, with extents and items links', async () => {
    const body = await (await get('/ogc/mini/collections')).json();
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual(['routes', 'parks', 'spots', 'water', 'districts', 'boundary', 'proposals']);
    const routes = body.collections[0];
    expect(routes.extent.spatial.bbox).toEqual([[22.002, 50.901, 22.018, 50.909]]);
    expect(routes.links.find((l: { rel: string }) => l.rel === 'items')).toEqual(expect.objectContaining({ type: 'application/geo+json', href: `${B}/collections/routes/items` }));
    expect(routes.itemType).toBe('feature');
    const one = await (await get('/ogc/mini/collections/parks')).json();
    expect(one.id).toBe('parks');
  });
});

describe('OGC API – Features: services and the extra collections', () => {
  it('lists one service per city at /ogc', async () => {
    const res = await get('/ogc');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.json();
    expect(body.services).toContainEqual({ id: 'mini', title: 'Miniów', href: B });
  });

  it('serves districts with their measured area and the boundary as collections', async () => {
    const districts = await (await get('/ogc/mini/collections/districts/items')).json();
    expect(districts.features.map((f: { id: string }) => f.id)).toEqual(['zachod', 'wschod']);
    const west = districts.features[0];
    expect(west.properties.name).toBe('Zachód');
    // 0.01° × 0.01° at 50.9° N: about 1.11 km × 0.70 km.
    expect(west.properties.areaKm2).toBeGreaterThan(0.75);
    expect(west.properties.areaKm2).toBeLessThan(0.8);
    const boundary = await (await get('/ogc/mini/collections/boundary/items')).json();
    expect(boundary).toMatchObject({ numberMatched: 1, numberReturned: 1 });
    expect(boundary.features[0].geometry.coordinates[0][2]).toEqual([22.02, 50.91]);
  });

  it('answers f=json with the same document typed application/json (the alternate links)', async () => {
    const res = await get('/ogc/mini/collections/routes/items?limit=1&f=json');
    expect(res.headers.get('content-type')).toBe('application/json');
    const page = await res.json();
    const alt = page.links.find((l: { rel: string }) => l.rel === 'alternate');
    expect(alt).toEqual({ rel: 'alternate', type: 'application/json', href: `${B}/collections/routes/items?limit=1&offset=0&f=json` });
    expect((await get('/ogc/mini/collections/routes/items/route-a?f=json')).headers.get('content-type')).toBe('application/json');
  });
});

describe('OGC API – Features: items', () => {
  it('pages with limit and next links, numberMatched, numberReturned and timeStamp', async () => {
    const res = await get('/ogc/mini/collections/routes/items?limit=1');
    expect(res.headers.get('content-type')).toBe('application/geo+json');
    const page = await res.json();
    expect(page).toMatchObject({ type: 'FeatureCollection', numberMatched: 2, numberReturned: 1 });
    expect(Date.parse(page.timeStamp)).toBeGreaterThan(0);
    expect(page.features.map((f: { id: string }) => f.id)).toEqual(['route-a']);
    const next = page.links.find((l: { rel: string }) => l.rel === 'next');
    expect(next).toEqual({ rel: 'next', type: 'application/geo+json', href: `${B}/collections/routes/items?limit=1&offset=1` });
    const second = await (await get(next.href.replace('http://localhost', ''))).json();
    expect(second.features.map((f: { id: string }) => f.id)).toEqual(['route-b']);
    expect(second.links.some((l: { rel: string }) => l.rel === 'next')).toBe(false);
    expect(second.links.find((l: { rel: string }) => l.rel === 'prev').href).toBe(`${B}/collections/routes/items?limit=1&offset=0`);
  });

  it('clamps a limit above the maximum instead of refusing it', async () => {
    const page = await (await get('/ogc/mini/collections/routes/items?limit=999999')).json();
    expect(page.numberReturned).toBe(2);
    expect(page.links[0].href).toContain('limit=10000');
  });

  it('filters by bbox', async () => {
    const page = await (await get('/ogc/mini/collections/routes/items?bbox=22.004,50.9005,22.006,50.903')).json();
    expect(page.features.map((f: { id: string }) => f.id)).toEqual(['route-b']);
    expect(page.numberMatched).toBe(1);
    const six = await (await get('/ogc/mini/collections/spots/items?bbox=22.014,50.906,0,22.016,50.908,100')).json();
    expect(six.features.map((f: { id: string }) => f.id)).toEqual(['spot-a']);
  });

  it('accepts a bbox reaching past the world edge (a zoomed-out map view)', async () => {
    const res = await get('/ogc/mini/collections/routes/items?bbox=-200,-100,200,100');
    expect(res.status).toBe(200);
    expect((await res.json()).numberMatched).toBe(2);
  });

  it('serves one feature with self, alternate and collection links', async () => {
    const res = await get('/ogc/mini/collections/parks/items/park-a');
    expect(res.headers.get('content-type')).toBe('application/geo+json');
    const f = await res.json();
    expect(f.id).toBe('park-a');
    expect(f.properties.name).toBe('Park Środkowy');
    expect(f.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'alternate', 'collection']);
  });

  it('serves the same features as the /api layer route', async () => {
    const api = await (await get('/api/cities/mini/layers/parks')).json();
    const ogc = await (await get('/ogc/mini/collections/parks/items')).json();
    expect(ogc.features).toEqual(api.features);
  });

  it('serves live proposals', async () => {
    const who = await resident(t.request, 'Ogc');
    const created = await (await t.request('/api/cities/mini/proposals', postJson(tree(22.0052, 50.9052), who.headers))).json();
    const page = await (await get('/ogc/mini/collections/proposals/items')).json();
    expect(page.features.map((f: { id: string }) => f.id)).toContain(created.id);
    const one = await (await get(`/ogc/mini/collections/proposals/items/${created.id}`)).json();
    expect(one.properties.species).toBe('quercus-robur');
  });

  const bad = ['bbox=1,2,3', 'bbox=3,2,1,4', 'bbox=a,b,c,d', 'bbox=NaN,1,2,3', 'bbox=1,2,3,', 'limit=0', 'limit=-1', 'limit=1.5', 'limit=abc', 'offset=-3', 'colour=red', 'f=xml'];
  for (const q of bad) {
    it(`refuses ${q} with 400 and an exception body`, async () => {
      const res = await get(`/ogc/mini/collections/routes/items?${q}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await res.json();
      expect(body.code).toBe('InvalidParameterValue');
      expect(body.description.length).toBeGreaterThan(10);
    });
  }

  it('answers 404 for an unknown city, collection or feature', async () => {
    for (const p of ['/ogc/atlantis', '/ogc/atlantis/collections', '/ogc/mini/collections/nope', '/ogc/mini/collections/nope/items', '/ogc/mini/collections/parks/items/nope', '/ogc/mini/collections/parks/items/park-a/more', '/ogc/mini/nothing']) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get('content-type'), p).toMatch(/^application\/json/);
      expect((await res.json()).code, p).toBe('NotFound');
    }
  });
});
