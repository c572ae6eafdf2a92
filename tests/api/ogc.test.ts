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

  it('declares Part 1 (core, geojson, html, oas30), Part 2 (crs) and Part 3 (filter, CQL2 text) conformance', async () => {
    const body = await (await get('/ogc/mini/conformance')).json();
    for (const c of [
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
      'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
      'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
    ]) expect(body.conformsTo).toContain(c);
  });

  it('describes limit (default, maximum), bbox, offset and f in its OpenAPI document', async () => {
    const res = await get('/ogc/mini/api');
    expect(res.headers.get('content-type')).toBe('application/vnd.oai.openapi+json;version=3.0');
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\.0/);
    expect(doc.components.parameters.limit.schema).toMatchObject({ default: 100, maximum: 10000, minimum: 1 });
    expect(doc.components.parameters.f.schema.enum).toEqual(['json', 'geojson', 'html']);
    const items = doc.paths['/collections/{collectionId}/items'].get;
    expect(items.parameters.map((p: { $ref: string }) => p.$ref.split('/').pop())).toEqual(['collectionId', 'bbox', 'bbox-crs', 'limit', 'offset', 'datetime', 'crs', 'filter', 'filter-lang', 'filter-crs', 'f']);
    // Media types as the server sends them; 400 and 406 on every operation.
    expect(Object.keys(doc.paths['/api'].get.responses['200'].content)).toEqual(['application/vnd.oai.openapi+json;version=3.0']);
    expect(Object.keys(items.responses['200'].content)).toEqual(['application/geo+json', 'application/json', 'text/html']);
    for (const [path, op] of Object.entries(doc.paths) as [string, { get: { responses: Record<string, unknown> } }][]) {
      expect(Object.keys(op.get.responses), path).toEqual(expect.arrayContaining(['200', '400', '406']));
    }
  });

  it('lists the collections: every layer, districts, boundary and proposals, with extents and items links', async () => {
    const body = await (await get('/ogc/mini/collections')).json();
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual(['routes', 'parks', 'spots', 'water', 'districts', 'boundary', 'proposals-points', 'proposals-polygons', 'undertakings', 'progress-updates']);
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
    expect(page.links.find((l: { rel: string }) => l.rel === 'self')).toEqual({ rel: 'self', type: 'application/json', href: `${B}/collections/routes/items?limit=1&offset=0&f=json` });
    expect(page.links.find((l: { rel: string }) => l.rel === 'next')).toEqual({ rel: 'next', type: 'application/json', href: `${B}/collections/routes/items?limit=1&offset=1&f=json` });
    expect(alt).toEqual({ rel: 'alternate', type: 'application/geo+json', href: `${B}/collections/routes/items?limit=1&offset=0&f=geojson` });
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
    expect(f.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'alternate', 'alternate', 'collection']);
  });

  it('serves the /api layer features with flat, typed properties (source, figures and goals as columns)', async () => {
    const api = await (await get('/api/cities/mini/layers/routes')).json();
    const ogc = await (await get('/ogc/mini/collections/routes/items')).json();
    expect(ogc.features.map((f: { id: string }) => f.id)).toEqual(api.features.map((f: { id: string }) => f.id));
    ogc.features.forEach((f: { geometry: unknown; properties: Record<string, unknown> }, i: number) => {
      const a = api.features[i];
      expect(f.geometry).toEqual(a.geometry);
      for (const v of Object.values(f.properties)) expect(v === null || typeof v !== 'object').toBe(true);
      expect(f.properties.goals).toBe(a.properties.goals.join('; '));
      expect(f.properties.source_document).toBe(a.properties.source.document);
      expect(f.properties.source_section).toBe(a.properties.source.section);
      expect(f.properties.source_url).toBe(a.properties.source.url ?? null);
      for (const fig of a.properties.figures) expect(typeof f.properties[`${fig.label.toLowerCase().replace(/ł/g, 'l').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '_')}_${fig.unit}`]).toBe('number');
    });
    // Every feature has the same columns, in the same order.
    const keys = ogc.features.map((f: { properties: object }) => Object.keys(f.properties).join(','));
    expect(new Set(keys).size).toBe(1);
  });

  it('serves live proposals', async () => {
    const who = await resident(t.request, 'Ogc');
    const created = await (await t.request('/api/cities/mini/proposals', postJson(tree(22.0052, 50.9052), who.headers))).json();
    const page = await (await get('/ogc/mini/collections/proposals-points/items')).json();
    expect(page.features.map((f: { id: string }) => f.id)).toContain(created.id);
    const one = await (await get(`/ogc/mini/collections/proposals-points/items/${created.id}`)).json();
    expect(one.properties.species).toBe('quercus-robur');
    // A point proposal is not in the areas collection.
    expect((await get(`/ogc/mini/collections/proposals-polygons/items/${created.id}`)).status).toBe(404);
  });

  const bad = ['bbox=1,2,3', 'bbox=3,2,1,4', 'bbox=a,b,c,d', 'bbox=NaN,1,2,3', 'bbox=1,2,3,', 'limit=0', 'limit=-1', 'limit=1.5', 'limit=abc', 'offset=-3', 'colour=red', 'f=xml', 'crs=EPSG:9999', 'bbox-crs=http://www.opengis.net/def/crs/EPSG/0/2180', 'datetime=yesterday', 'datetime=../..', 'datetime=2026-02-01/2026-01-01', 'filter=name%20%3D', 'filter-lang=cql2-json&filter=1%3D1', 'filter=nope%20%3D%201'];
  for (const q of bad) {
    it(`refuses ${q} with 400 and an exception body`, async () => {
      const res = await get(`/ogc/mini/collections/routes/items?${q}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await res.json();
      expect(body.code).toBe('InvalidParameterValue');
      expect(body.description.length).toBeGreaterThan(10);
      // detail names the parameter (and the rule) for programs; description says it for people.
      expect(q.startsWith(`${body.detail.parameter}=`) || q.includes(`&${body.detail.parameter}=`), JSON.stringify(body.detail)).toBe(true);
      expect(body.detail.rule).toMatch(/^[a-z0-9-]+$/);
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
