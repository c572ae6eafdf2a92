/**
 * OGC API – Features as GIS clients meet it: trailing slashes, datetime, CORS, forwarded
 * https, content negotiation, 405, validators, CRS (Part 2), CQL2 filters (Part 3),
 * queryables/schema of empty collections, geometry-type split, HTML and licence links.
 */
import proj4 from 'proj4';
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { KNOWN_CRS } from '../../server/import/crs.ts';
import { loadPack } from '../../server/packs/load-packs.ts';
import { FIXTURE_PACKS } from '../helpers/temp-pack.ts';
import { resident, tree } from '../helpers/people.ts';
import { postJson, testApp } from '../helpers/test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
const ids: string[] = [];
beforeAll(async () => {
  t = await testApp();
  const who = await resident(t.request, 'Ogc2');
  // Three point proposals and one area, spread over the mini town.
  for (const [lon, lat, note] of [[22.0052, 50.9052, 'dąb przy szkole'], [22.0152, 50.9052, 'lipa'], [22.0152, 50.9082, 'Dąb duży']] as const) {
    const r = await t.request('/api/cities/mini/proposals', postJson(tree(lon, lat, { note }), who.headers));
    expect(r.status).toBe(201);
    ids.push((await r.json()).id);
  }
  const area = tree(0, 0, { geometry: { type: 'Polygon', coordinates: [[[22.006, 50.906], [22.0065, 50.906], [22.0065, 50.9063], [22.006, 50.9063], [22.006, 50.906]]] }, count: 2 });
  const r = await t.request('/api/cities/mini/proposals', postJson(area, who.headers));
  expect(r.status, await r.clone().text()).toBe(201);
  ids.push((await r.json()).id);
});
const get = (p: string, headers: Record<string, string> = {}) => t.request(p, { headers });
const json = async (p: string, headers: Record<string, string> = {}) => {
  const r = await get(p, headers);
  expect(r.status, `${p}: ${await r.clone().text()}`).toBe(200);
  return r.json();
};
const itemIds = async (p: string) => (await json(p)).features.map((f: { id: string }) => f.id);
const B = 'http://localhost/ogc/mini';

describe('found 1: trailing slashes (OWSLib asks for /ogc/{city}/)', () => {
  it('answers the same documents with a trailing slash', async () => {
    for (const p of ['/ogc/', '/ogc/mini/', '/ogc/mini/collections/', '/ogc/mini/api/', '/ogc/mini/conformance/', '/ogc/mini/collections/routes/', '/ogc/mini/collections/routes/items/']) {
      expect((await get(p)).status, p).toBe(200);
    }
    expect((await json('/ogc/mini/')).links.find((l: { rel: string }) => l.rel === 'service-desc').href).toBe(`${B}/api`);
  });
});

describe('proposal numbers in the OGC collections', () => {
  it('gives each proposal its public number as an integer property, queryable and filterable', async () => {
    const items = await json('/ogc/mini/collections/proposals-points/items');
    const numbers = items.features.map((f: { properties: { number: number } }) => f.properties.number);
    expect(numbers.every((n: unknown) => Number.isInteger(n) && (n as number) > 0)).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
    const q = await json('/ogc/mini/collections/proposals-points/queryables');
    expect(q.properties.number).toMatchObject({ type: 'integer' });
    expect(await itemIds(`/ogc/mini/collections/proposals-points/items?filter=${encodeURIComponent(`number = ${numbers[1]}`)}`)).toEqual([ids[1]]);
  });
});

describe('found 2: datetime', () => {
  it('filters proposals by createdAt and gives their temporal extent', async () => {
    const col = await json('/ogc/mini/collections/proposals-points');
    expect(col.extent.temporal.interval[0][0]).toMatch(/^\d{4}-/);
    expect(col.extent.temporal.interval[0][1]).toBeNull();
    const all = await itemIds('/ogc/mini/collections/proposals-points/items?datetime=2000-01-01T00:00:00Z/..');
    expect(all).toEqual(ids.slice(0, 3));
    expect(await itemIds('/ogc/mini/collections/proposals-points/items?datetime=../2000-01-01T00:00:00Z')).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await itemIds(`/ogc/mini/collections/proposals-points/items?datetime=${today}`)).length).toBe(3);
  });

  it('accepts datetime on collections without time (they have none to filter on)', async () => {
    expect((await json('/ogc/mini/collections/routes/items?datetime=2026-01-01T00:00:00Z')).numberMatched).toBe(2);
  });
});

describe('found 4: CORS for reads, never for writes', () => {
  it('lets any origin GET the OGC API and the layer API', async () => {
    for (const p of ['/ogc/mini', '/ogc/mini/collections/routes/items', '/api/cities/mini/layers/routes', '/api/cities']) {
      const r = await get(p, { origin: 'https://maps.example.org' });
      expect(r.headers.get('access-control-allow-origin'), p).toBe('*');
      expect(r.headers.get('cross-origin-resource-policy'), p).toBe('cross-origin');
      expect(r.headers.get('access-control-expose-headers'), p).toContain('ETag');
    }
  });

  it('answers a GET preflight and refuses a write preflight', async () => {
    const pre = (method: string, p: string) => t.request(p, { method: 'OPTIONS', headers: { origin: 'https://maps.example.org', 'access-control-request-method': method, 'access-control-request-headers': 'accept' } });
    const ok = await pre('GET', '/ogc/mini/collections/routes/items');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(ok.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
    const write = await pre('POST', '/api/cities/mini/proposals');
    expect(write.headers.get('access-control-allow-origin')).toBeNull();
    const post = await t.request('/api/cities/mini/proposals', { method: 'POST', headers: { origin: 'https://maps.example.org', 'content-type': 'application/json' }, body: '{}' });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('honours a configured list of origins', async () => {
    const t2 = await testApp({ config: { ...t.deps.config, CORS_ORIGINS: 'https://a.example.org' } });
    const yes = await t2.request('/ogc/mini', { headers: { origin: 'https://a.example.org' } });
    expect(yes.headers.get('access-control-allow-origin')).toBe('https://a.example.org');
    expect(yes.headers.get('vary')).toContain('Origin');
    const no = await t2.request('/ogc/mini', { headers: { origin: 'https://b.example.org' } });
    expect(no.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('found 5: https links behind a trusted proxy', () => {
  it('builds links from X-Forwarded-Proto/Host only when TRUST_PROXY is set', async () => {
    const fwd = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'plan.example.org' };
    const t2 = await testApp({ config: { ...t.deps.config, TRUST_PROXY: { hops: 1 } } });
    const body = await (await t2.request('/ogc/mini', { headers: fwd })).json();
    for (const l of body.links) expect(l.href).toMatch(/^https:\/\/plan\.example\.org\/ogc\/mini/);
    const page = await (await t2.request('/ogc/mini/collections/routes/items?limit=1', { headers: fwd })).json();
    expect(page.links.find((l: { rel: string }) => l.rel === 'next').href).toBe('https://plan.example.org/ogc/mini/collections/routes/items?limit=1&offset=1');
    const untrusted = await json('/ogc/mini', fwd);
    expect(untrusted.links[0].href).toMatch(/^http:\/\/localhost\//);
  });
});

describe('found 6: negotiation, methods, validators, extent, licence', () => {
  it('answers 406 for an Accept it cannot serve, HTML for a browser, GeoJSON for GIS clients', async () => {
    const r = await get('/ogc/mini/collections/routes/items', { accept: 'application/xml' });
    expect(r.status).toBe(406);
    const refusal = await r.json();
    expect(refusal.code).toBe('NotAcceptable');
    expect(refusal.detail).toEqual({ accept: 'application/xml', offered: ['application/geo+json', 'application/json', 'text/html'] });
    expect((await get('/ogc/mini/collections', { accept: 'image/png' })).status).toBe(406);
    expect((await get('/ogc/mini/collections/routes/items', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' })).headers.get('content-type')).toMatch(/^text\/html/);
    expect((await get('/ogc/mini/collections/routes/items', { accept: 'application/geo+json, application/json' })).headers.get('content-type')).toBe('application/geo+json');
    expect((await get('/ogc/mini/api', { accept: 'application/vnd.oai.openapi+json;version=3.0' })).status).toBe(200);
  });

  it('answers 405 with Allow for writes, 204 with Allow for OPTIONS, on every resource', async () => {
    for (const p of ['/ogc/mini', '/ogc/mini/collections', '/ogc/mini/collections/routes/items', '/ogc/mini/collections/routes/items/route-a', '/ogc/mini/collections/routes/queryables']) {
      for (const m of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        const r = await t.request(p, { method: m });
        expect(r.status, `${m} ${p}`).toBe(405);
        expect(r.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
        expect((await r.json()).code).toBe('MethodNotAllowed');
      }
      const head = await t.request(p, { method: 'HEAD' });
      expect(head.status, `HEAD ${p}`).toBe(200);
      expect(head.headers.get('etag')).toBeTruthy();
      const o = await t.request(p, { method: 'OPTIONS' });
      expect(o.status).toBe(204);
      expect(o.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    }
  });

  it('sends ETag, Last-Modified and Cache-Control, and 304 for a current copy', async () => {
    const r = await get('/ogc/mini/collections/routes/items');
    const etag = r.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect(Date.parse(r.headers.get('last-modified')!)).toBeGreaterThan(0);
    expect(r.headers.get('cache-control')).toMatch(/max-age/);
    expect((await get('/ogc/mini/collections/routes/items', { 'if-none-match': etag })).status).toBe(304);
    expect((await get('/ogc/mini/collections/routes/items?limit=1', { 'if-none-match': etag })).status).toBe(200);
    const live = await get('/ogc/mini/collections/proposals-points/items');
    expect(live.headers.get('cache-control')).toBe('no-cache');
    const again = await get('/ogc/mini/collections/proposals-points/items', { 'if-none-match': live.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('gives proposals the extent of the data, not the town', async () => {
    const col = await json('/ogc/mini/collections/proposals-points');
    // The SQLite R*Tree keeps 32-bit floats rounded outwards: the box still encloses the data.
    const [w, s, e, n] = col.extent.spatial.bbox[0];
    for (const [got, want] of [[w, 22.0052], [s, 50.9052], [e, 22.0152], [n, 50.9082]]) expect(Math.abs(got - want)).toBeLessThan(1e-5);
    expect(w).toBeLessThanOrEqual(22.0052);
    expect(e).toBeGreaterThanOrEqual(22.0152);
  });

  it('links a licence when the pack declares one', async () => {
    // A fresh copy of the pack, given the licence field a pack may declare (manifest or layer).
    const mini = await loadPack(path.join(FIXTURE_PACKS, 'mini'));
    const manifest = mini.raw.manifest as unknown as { license?: unknown };
    manifest.license = { url: 'https://creativecommons.org/licenses/by/4.0/', title: 'CC BY 4.0' };
    {
      const t2 = await testApp({ packs: new Map([['mini', mini]]) });
      const col = await (await t2.request('/ogc/mini/collections/routes')).json();
      expect(col.links).toContainEqual(expect.objectContaining({ rel: 'license', href: 'https://creativecommons.org/licenses/by/4.0/', title: 'CC BY 4.0' }));
      const landing = await (await t2.request('/ogc/mini')).json();
      expect(landing.links.some((l: { rel: string }) => l.rel === 'license')).toBe(true);
    }
    const col = await json('/ogc/mini/collections/routes');
    expect(col.attribution).toBe('Test fixture');
  });

  it('gives an empty collection its fields and geometry type (queryables, schema)', async () => {
    const schema = await json('/ogc/mini/collections/proposals-polygons/schema');
    expect(schema.properties.geometry.format).toBe('geometry-polygon');
    expect(schema.properties.count.type).toBe('integer');
    expect(schema.properties.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
    const q = await json('/ogc/mini/collections/routes/queryables');
    expect(q.properties.geometry.format).toBe('geometry-line-string');
    expect(q.properties.status.enum).toContain('planned');
    expect((await get('/ogc/mini/collections/routes/queryables')).headers.get('content-type')).toBe('application/schema+json');
    const col = await json('/ogc/mini/collections/routes');
    expect(col.links.find((l: { rel: string }) => l.rel.endsWith('/queryables')).href).toBe(`${B}/collections/routes/queryables`);
  });
});

describe('collections a GIS can type', () => {
  it('splits a pack layer that mixes geometry types into one collection per type', async () => {
    const k = await json('/ogc/krasnik/collections');
    const byId = new Map(k.collections.map((c: { id: string; geometryType: string }) => [c.id, c.geometryType]));
    expect(byId.get('zalew-leisure-polygons')).toBe('Polygon');
    expect(byId.get('zalew-leisure-points')).toBe('Point');
    expect(byId.has('zalew-leisure')).toBe(false);
    for (const c of k.collections) {
      const page = await json(`/ogc/krasnik/collections/${c.id}/items?limit=10000`);
      // Undertakings the strategy gives no site have no geometry (null), rather than an invented one.
      const noSite = c.id === 'undertakings' || c.id === 'progress-updates';
      for (const f of page.features) if (!(noSite && f.geometry === null)) expect(f.geometry.type, c.id).toBe(c.geometryType);
    }
    expect((await json('/ogc/krasnik/collections/zalew-leisure-points/items')).numberMatched).toBe(14);
    expect((await json('/ogc/krasnik/collections/bike-routes/items')).features[0].properties.dlugosc_km).toEqual(expect.any(Number));
  });
});

describe('Part 2: CRS by reference', () => {
  const p2180 = proj4(KNOWN_CRS.get(4326)!.proj, KNOWN_CRS.get(2180)!.proj);
  it('lists the offered CRSs and the storage CRS on each collection', async () => {
    const col = await json('/ogc/mini/collections/spots');
    expect(col.storageCrs).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
    expect(col.crs).toEqual(expect.arrayContaining(['http://www.opengis.net/def/crs/EPSG/0/2180', 'http://www.opengis.net/def/crs/EPSG/0/4326', 'http://www.opengis.net/def/crs/EPSG/0/2178', 'http://www.opengis.net/def/crs/EPSG/0/3857']));
  });

  it('serves features in EPSG:2180 with Content-Crs, matching proj4', async () => {
    const base = await json('/ogc/mini/collections/spots/items');
    const r = await get('/ogc/mini/collections/spots/items?crs=http://www.opengis.net/def/crs/EPSG/0/2180');
    expect(r.headers.get('content-crs')).toBe('<http://www.opengis.net/def/crs/EPSG/0/2180>');
    const page = await r.json();
    page.features.forEach((f: { geometry: { coordinates: number[] } }, i: number) => {
      const [x, y] = p2180.forward(base.features[i].geometry.coordinates);
      expect(Math.abs(f.geometry.coordinates[0]! - x!)).toBeLessThan(0.01);
      expect(Math.abs(f.geometry.coordinates[1]! - y!)).toBeLessThan(0.01);
    });
    expect((await get('/ogc/mini/collections/spots/items')).headers.get('content-crs')).toBe('<http://www.opengis.net/def/crs/OGC/1.3/CRS84>');
  });

  it('writes EPSG:4326 latitude first, and reads bbox in another CRS with bbox-crs', async () => {
    const base = await json('/ogc/mini/collections/spots/items');
    const ll = await json('/ogc/mini/collections/spots/items?crs=http://www.opengis.net/def/crs/EPSG/0/4326');
    expect(ll.features[0].geometry.coordinates).toEqual([base.features[0].geometry.coordinates[1], base.features[0].geometry.coordinates[0]]);
    const [lon, lat] = base.features[0].geometry.coordinates;
    const [x, y] = p2180.forward([lon, lat]);
    const hit = await itemIds(`/ogc/mini/collections/spots/items?bbox=${x! - 5},${y! - 5},${x! + 5},${y! + 5}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/2180`);
    expect(hit).toEqual([base.features[0].id]);
    const latlon = await itemIds(`/ogc/mini/collections/spots/items?bbox=${lat - 1e-4},${lon - 1e-4},${lat + 1e-4},${lon + 1e-4}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326`);
    expect(latlon).toEqual([base.features[0].id]);
  });

  it('serves proposals and one feature in a PUWG 2000 zone', async () => {
    const page = await json(`/ogc/mini/collections/proposals-points/items?crs=http://www.opengis.net/def/crs/EPSG/0/2178`);
    const [x] = page.features[0].geometry.coordinates;
    expect(x).toBeGreaterThan(7_000_000); // zone 7 false easting
    const one = await get(`/ogc/mini/collections/proposals-points/items/${ids[0]}?crs=EPSG:3857`);
    expect(one.headers.get('content-crs')).toBe('<http://www.opengis.net/def/crs/EPSG/0/3857>');
  });
});

describe('Part 3: CQL2 text filters', () => {
  const q = (col: string, filter: string, extra = '') => itemIds(`/ogc/mini/collections/${col}/items?filter=${encodeURIComponent(filter)}${extra}`);
  it('filters pack layers: comparisons, LIKE, IN, BETWEEN, IS NULL, NOT, AND/OR', async () => {
    expect(await q('routes', "id = 'route-a'")).toEqual(['route-a']);
    expect(await q('routes', "id <> 'route-a'")).toEqual(['route-b']);
    expect(await q('routes', "name LIKE 'Tra%'")).toEqual(expect.arrayContaining([]));
    expect(await q('routes', "id IN ('route-a', 'nope')")).toEqual(['route-a']);
    expect(await q('routes', "NOT id IN ('route-a')")).toEqual(['route-b']);
    expect(await q('routes', 'category IS NULL')).toEqual(['route-a', 'route-b']);
    expect(await q('routes', "id = 'route-a' OR id = 'route-b'")).toEqual(['route-a', 'route-b']);
    expect(await q('routes', "id = 'route-a' AND status = 'nope'")).toEqual([]);
    expect(await q('districts', 'areaKm2 BETWEEN 0.75 AND 0.8')).toEqual(['zachod', 'wschod'].filter(Boolean).slice(0, (await q('districts', 'areaKm2 > 0.75')).length));
  });

  it('filters proposals in the store: text, numbers, time, geometry', async () => {
    expect(await q('proposals-points', "note LIKE 'dąb%'")).toEqual([ids[0]]);
    expect(await q('proposals-points', "note LIKE '%ąb%'")).toEqual([ids[0], ids[2]]);
    expect(await q('proposals-points', "status = 'proposed' AND count >= 1")).toEqual(ids.slice(0, 3));
    expect(await q('proposals-points', `id IN ('${ids[1]}', '${ids[2]}')`)).toEqual([ids[1], ids[2]]);
    expect(await q('proposals-points', 'reason IS NULL AND NOT supports > 0')).toEqual(ids.slice(0, 3));
    expect(await q('proposals-points', "createdAt > TIMESTAMP('2000-01-01T00:00:00Z')")).toEqual(ids.slice(0, 3));
    expect(await q('proposals-points', "createdAt < '2000-01-01T00:00:00Z'")).toEqual([]);
    expect(await q('proposals-points', 'S_INTERSECTS(geometry, BBOX(22.01, 50.9, 22.02, 50.91))')).toEqual([ids[1], ids[2]]);
    expect(await q('proposals-points', 'S_INTERSECTS(geometry, POLYGON((22.01 50.904, 22.02 50.904, 22.02 50.906, 22.01 50.906, 22.01 50.904)))')).toEqual([ids[1]]);
    expect(await q('proposals-polygons', 'S_INTERSECTS(geometry, POINT(22.0062 50.9061))')).toEqual([ids[3]]);
    const page = await json(`/ogc/mini/collections/proposals-points/items?filter=${encodeURIComponent("note LIKE '%ąb%'")}&limit=1`);
    expect(page.numberMatched).toBe(2);
    expect(page.links.find((l: { rel: string }) => l.rel === 'next').href).toContain(`filter=${encodeURIComponent("note LIKE '%ąb%'")}`);
  });

  it('reads geometry literals in filter-crs', async () => {
    const p2180 = proj4(KNOWN_CRS.get(4326)!.proj, KNOWN_CRS.get(2180)!.proj);
    const [x0, y0] = p2180.forward([22.01, 50.9]);
    const [x1, y1] = p2180.forward([22.02, 50.91]);
    expect(await q('proposals-points', `S_INTERSECTS(geometry, BBOX(${x0}, ${y0}, ${x1}, ${y1}))`, '&filter-crs=http://www.opengis.net/def/crs/EPSG/0/2180')).toEqual([ids[1], ids[2]]);
  });

  it('refuses a malformed filter with 400 naming the position', async () => {
    for (const [f, pos] of [["name = 'x' AND", 15], ['name == 1', 7], ["name = 'x", 8], ['count > ', 9], ['S_INTERSECTS(geometry, POLYGON((1 2, 3 4)))', 32]] as const) {
      const r = await get(`/ogc/mini/collections/routes/items?filter=${encodeURIComponent(f)}`);
      expect(r.status, f).toBe(400);
      const body = await r.json();
      expect(body.code).toBe('InvalidParameterValue');
      expect(body.description, f).toContain(`position ${pos}`);
      expect(body.detail, f).toEqual({ parameter: 'filter', rule: 'cql2-text', position: pos });
    }
    const unknown = await (await get(`/ogc/mini/collections/routes/items?filter=${encodeURIComponent("colour = 'red'")}`)).json();
    expect(unknown.description).toMatch(/unknown property "colour".*position 1/);
    const type = await (await get(`/ogc/mini/collections/proposals-points/items?filter=${encodeURIComponent("count = 'a'")}`)).json();
    expect(type.description).toMatch(/"count" is number, compared with string/);
  });
});

describe('f=html: a browsable service', () => {
  it('renders landing, collections, items and a feature as escaped HTML with links', async () => {
    for (const p of ['/ogc?f=html', '/ogc/mini?f=html', '/ogc/mini/collections?f=html', '/ogc/mini/collections/routes?f=html', '/ogc/mini/collections/routes/items?f=html', '/ogc/mini/collections/routes/items/route-a?f=html', '/ogc/mini/conformance?f=html', '/ogc/mini/collections/routes/queryables?f=html']) {
      const r = await get(p);
      expect(r.status, p).toBe(200);
      expect(r.headers.get('content-type'), p).toMatch(/^text\/html/);
      const html = await r.text();
      expect(html, p).toMatch(/^<!doctype html>/);
      expect(html, p).toContain('<a href=');
      expect(html, p).not.toContain('<script');
    }
    const items = await (await get('/ogc/mini/collections/routes/items?f=html&limit=1')).text();
    expect(items).toContain(`href="${B}/collections/routes/items?limit=1&amp;offset=1&amp;f=html"`);
  });

  it('escapes text from residents', async () => {
    const who = await resident(t.request, 'Html');
    const r = await t.request('/api/cities/mini/proposals', postJson(tree(22.0102, 50.9022, { note: '<img src=x onerror=alert(1)>' }), who.headers));
    const id = (await r.json()).id;
    const html = await (await get(`/ogc/mini/collections/proposals-points/items/${id}?f=html`)).text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
  });
});
