/**
 * OGC API – Features, Part 1: Core with GeoJSON, one service per city at /ogc/{city}
 * (so each town is its own dataset in QGIS/GDAL, and collection ids stay the pack's layer ids).
 * Collections: every pack layer, `districts`, `boundary`, and `proposals` (live, from the store).
 * The features are the same objects the /api routes serve, from the same pack index.
 */
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../http/deps.ts';
import type { CityPack } from '../packs/index-pack.ts';
import { collectionsOf, type Collection } from '../ogcapi/collection.ts';
import { OgcParameterError, checkFormat, parseItemsQuery } from '../ogcapi/items-query.ts';
import { openApiDocument } from '../ogcapi/openapi.ts';

const JSON_TYPE = 'application/json';
const GEOJSON = 'application/geo+json';
const OAS = 'application/vnd.oai.openapi+json;version=3.0';
const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

const CLOSE = Buffer.from(']}');

class OgcHttpError extends Error {
  constructor(readonly status: 400 | 404, readonly code: string, message: string) {
    super(message);
  }
}

export function ogcRoutes(deps: AppDeps) {
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof OgcHttpError) return c.json({ code: err.code, description: err.message }, err.status);
    if (err instanceof OgcParameterError) return c.json({ code: 'InvalidParameterValue', description: err.message }, 400);
    throw err; // the app's own handler logs it and answers a plain 500
  });

  const packOf = (c: Context) => {
    const city = c.req.param('city')!;
    const pack = deps.packs.get(city);
    if (!pack) throw new OgcHttpError(404, 'NotFound', `There is no service for "${city}". Services: ${[...deps.packs.keys()].map((k) => `/ogc/${k}`).join(', ')}.`);
    return pack;
  };
  const noParams = (c: Context) => {
    const q = c.req.query();
    for (const k of Object.keys(q)) if (k !== 'f') throw new OgcParameterError(`Unknown query parameter "${k}".`);
    checkFormat(q.f);
  };
  const baseOf = (c: Context) => {
    const u = new URL(c.req.url);
    return `${u.origin}/ogc/${c.req.param('city')}`;
  };
  // Each pack's collections by id, built once (the store behind "proposals" is fixed for this app).
  const byPack = new WeakMap<CityPack, Map<string, Collection>>();
  const collectionsFor = (pack: CityPack): Map<string, Collection> => {
    let cols = byPack.get(pack);
    if (!cols) byPack.set(pack, (cols = new Map(collectionsOf(pack, deps.store).map((x) => [x.id, x]))));
    return cols;
  };
  const collectionOr404 = (c: Context): Collection => {
    const cols = collectionsFor(packOf(c));
    const id = c.req.param('collectionId')!;
    const col = cols.get(id);
    if (!col) throw new OgcHttpError(404, 'NotFound', `Collection "${id.slice(0, 80)}" does not exist. Collections: ${[...cols.keys()].join(', ')}.`);
    return col;
  };
  /** f=json asks for the same document as plain JSON (the `alternate` links); otherwise GeoJSON. */
  const featuresType = (f: string | undefined) => (f === 'json' || f === 'application/json' ? JSON_TYPE : GEOJSON);
  const describe = (base: string, col: Collection) => ({
    id: col.id,
    title: col.title,
    description: col.description,
    itemType: 'feature',
    crs: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'],
    ...(col.extent ? { extent: { spatial: { bbox: [col.extent], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' } } } : {}),
    links: [
      { rel: 'self', type: JSON_TYPE, title: col.title, href: `${base}/collections/${col.id}` },
      { rel: 'items', type: GEOJSON, title: `${col.title} (GeoJSON)`, href: `${base}/collections/${col.id}/items` },
    ],
  });

  app.get('/', (c) => {
    const base = new URL(c.req.url).origin;
    return c.json({
      title: 'Plan na mapie — OGC API – Features',
      links: [{ rel: 'self', type: JSON_TYPE, href: `${base}/ogc` }],
      services: [...deps.packs.values()].map((p) => ({ id: p.id, title: p.raw.manifest.name, href: `${base}/ogc/${p.id}` })),
    });
  });

  app.get('/:city', (c) => {
    noParams(c);
    const pack = packOf(c);
    const base = baseOf(c);
    return c.json({
      title: `${pack.raw.manifest.name} — ${pack.raw.manifest.strategy.title}`,
      description: 'Layers of the development strategy, districts, the boundary and residents\' proposals, as OGC API – Features. Geometry placed by the project is approximate or schematic (see each feature\'s accuracy).',
      links: [
        { rel: 'self', type: JSON_TYPE, title: 'This document', href: base },
        { rel: 'service-desc', type: OAS, title: 'OpenAPI 3.0 definition', href: `${base}/api` },
        { rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes', href: `${base}/conformance` },
        { rel: 'data', type: JSON_TYPE, title: 'Collections', href: `${base}/collections` },
      ],
    });
  });

  app.get('/:city/conformance', (c) => {
    noParams(c);
    packOf(c);
    return c.json({ conformsTo: CONFORMANCE });
  });

  app.get('/:city/api', (c) => {
    noParams(c);
    const pack = packOf(c);
    const doc = openApiDocument(baseOf(c), pack.raw.manifest.name, [...collectionsFor(pack).keys()]);
    return c.body(JSON.stringify(doc), 200, { 'content-type': OAS });
  });

  app.get('/:city/collections', (c) => {
    noParams(c);
    const pack = packOf(c);
    const base = baseOf(c);
    return c.json({
      links: [{ rel: 'self', type: JSON_TYPE, href: `${base}/collections` }],
      collections: [...collectionsFor(pack).values()].map((col) => describe(base, col)),
    });
  });

  app.get('/:city/collections/:collectionId', (c) => {
    noParams(c);
    return c.json(describe(baseOf(c), collectionOr404(c)));
  });

  app.get('/:city/collections/:collectionId/items', async (c) => {
    const col = collectionOr404(c);
    const params = c.req.query();
    const q = parseItemsQuery(params);
    const page = await col.page(q);
    const base = baseOf(c);
    const self = `${base}/collections/${col.id}/items`;
    const bboxParam = q.bbox ? `bbox=${q.bbox.join(',')}&` : '';
    const href = (offset: number) => `${self}?${bboxParam}limit=${q.limit}&offset=${offset}`;
    const links = [
      { rel: 'self', type: GEOJSON, href: href(q.offset) },
      { rel: 'alternate', type: JSON_TYPE, href: `${href(q.offset)}&f=json` },
      { rel: 'collection', type: JSON_TYPE, href: `${base}/collections/${col.id}` },
    ];
    if (q.offset + page.numberReturned < page.numberMatched) links.push({ rel: 'next', type: GEOJSON, href: href(q.offset + q.limit) });
    if (q.offset > 0) links.push({ rel: 'prev', type: GEOJSON, href: href(Math.max(0, q.offset - q.limit)) });
    // The features' bytes were made once; only the envelope is built per request.
    const head = `{"type":"FeatureCollection","numberMatched":${page.numberMatched},"numberReturned":${page.numberReturned},"timeStamp":"${new Date().toISOString()}","links":${JSON.stringify(links)},"features":[`;
    return c.body(Buffer.concat([Buffer.from(head), page.json, CLOSE]), 200, { 'content-type': featuresType(params.f) });
  });

  app.get('/:city/collections/:collectionId/items/:featureId', async (c) => {
    noParams(c);
    const col = collectionOr404(c);
    const id = c.req.param('featureId');
    const json = await col.item(id);
    if (!json) throw new OgcHttpError(404, 'NotFound', `Collection "${col.id}" has no feature "${id.slice(0, 80)}".`);
    const self = `${baseOf(c)}/collections/${col.id}/items/${encodeURIComponent(id)}`;
    const links = [
      { rel: 'self', type: GEOJSON, href: self },
      { rel: 'alternate', type: JSON_TYPE, href: `${self}?f=json` },
      { rel: 'collection', type: JSON_TYPE, href: `${baseOf(c)}/collections/${col.id}` },
    ];
    return c.body(`${json.slice(0, -1)},"links":${JSON.stringify(links)}}`, 200, { 'content-type': featuresType(c.req.query('f')) });
  });

  // Anything else under /ogc answers in the OGC exception shape too.
  app.all('*', (c) => {
    throw new OgcHttpError(404, 'NotFound', `Nothing at ${new URL(c.req.url).pathname.slice(0, 200)}. A service's paths: /ogc/{city}, /conformance, /api, /collections, /collections/{collectionId}, /items, /items/{featureId}.`);
  });

  return app;
}

