/**
 * OGC API – Features, one service per city at /ogc/{city}: Part 1 Core (GeoJSON, HTML,
 * OpenAPI 3.0), Part 2 CRS by reference, Part 3 filtering with CQL2 text and queryables.
 * Collections: every pack layer (one per geometry type), `districts`, `boundary`, and the
 * live proposals (points and areas). Handlers are thin: collections, parameters, CRS,
 * filters and HTML live in server/ogcapi/.
 */
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../http/deps.ts';
import { publicOrigin } from '../http/public-origin.ts';
import type { CityPack } from '../packs/index-pack.ts';
import { collectionsOf, licenseOf, type Collection, type Dynamic, type License } from '../ogcapi/collection.ts';
import { CRS84, CRS_LIST, CRS84_CRS, crsFromParam } from '../ogcapi/crs.ts';
import { a, esc, htmlPage, linkList, p, table, type HtmlLink } from '../ogcapi/html.ts';
import { ITEMS_PARAMS, OgcParameterError, checkFormat, parseItemsQuery } from '../ogcapi/items-query.ts';
import { MEDIA, negotiate, type Format } from '../ogcapi/negotiate.ts';
import { openApiDocument } from '../ogcapi/openapi.ts';
import { queryablesSchema } from '../ogcapi/queryables.ts';

const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus',
];
const ALLOW = 'GET, HEAD, OPTIONS';
const CLOSE = Buffer.from(']}');

class OgcHttpError extends Error {
  constructor(
    readonly status: 400 | 404 | 405 | 406,
    readonly code: string,
    message: string,
    readonly detail: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const licenseLinks = (l: License | null) => (l ? [{ rel: 'license', type: 'text/html', title: l.title, href: l.href }] : []);
const sha = (b: string | Buffer) => createHash('sha1').update(b).digest('base64url').slice(0, 22);
const pageHashes = new WeakMap<Buffer, string>();
const pageHash = (b: Buffer) => pageHashes.get(b) ?? (pageHashes.set(b, sha(b)), pageHashes.get(b)!);

export function ogcRoutes(deps: AppDeps) {
  const app = new Hono();
  const trustProxy = deps.config.TRUST_PROXY;

  // OGC exceptions keep the standard's shape ({ code, description }); `detail` says which parameter and rule.
  app.onError((err, c) => {
    if (err instanceof OgcHttpError) return c.json({ code: err.code, description: err.message, detail: err.detail }, err.status, err.headers);
    if (err instanceof OgcParameterError) return c.json({ code: 'InvalidParameterValue', description: err.message, detail: err.detail }, 400);
    throw err; // the app's own handler logs it and answers a plain 500
  });

  const packOf = (c: Context) => {
    const city = c.req.param('city')!;
    const pack = deps.packs.get(city);
    if (!pack) throw new OgcHttpError(404, 'NotFound', `There is no service for "${city.slice(0, 80)}". Services: ${[...deps.packs.keys()].map((k) => `/ogc/${k}`).join(', ')}.`, { city: city.slice(0, 80), cities: [...deps.packs.keys()] });
    return pack;
  };
  const onlyF = (c: Context) => {
    const q = c.req.query();
    for (const k of Object.keys(q)) if (k !== 'f') throw new OgcParameterError(`Unknown query parameter "${k}". This resource takes only f.`, { parameter: k, rule: 'unknown-parameter', allowed: ['f'] });
    checkFormat(q.f);
  };
  const baseOf = (c: Context) => `${publicOrigin(c, trustProxy)}/ogc/${c.req.param('city')}`;
  const byPack = new WeakMap<CityPack, Map<string, Collection>>();
  const collectionsFor = (pack: CityPack): Map<string, Collection> => {
    let cols = byPack.get(pack);
    if (!cols) byPack.set(pack, (cols = new Map(collectionsOf(pack, deps.store, deps.progress).map((x) => [x.id, x]))));
    return cols;
  };
  const collectionOr404 = (c: Context): Collection => {
    const cols = collectionsFor(packOf(c));
    const id = c.req.param('collectionId')!;
    const col = cols.get(id);
    if (!col) throw new OgcHttpError(404, 'NotFound', `Collection "${id.slice(0, 80)}" does not exist. Collections: ${[...cols.keys()].join(', ')}.`, { collection: id.slice(0, 80), collections: [...cols.keys()] });
    return col;
  };
  const formatOf = (c: Context, offered: Format[]): Format => {
    const fmt = negotiate(offered, c.req.query('f'), c.req.header('accept'));
    if (!fmt) throw new OgcHttpError(406, 'NotAcceptable', `None of the media types in Accept ("${(c.req.header('accept') ?? '').slice(0, 120)}") is offered here. Offered: ${offered.map((f) => MEDIA[f].split(';')[0]).join(', ')} (or f=${offered.filter((f) => f !== 'oas' && f !== 'schema').join('|')}).`, { accept: (c.req.header('accept') ?? '').slice(0, 120), offered: offered.map((f) => MEDIA[f].split(';')[0]) });
    return fmt;
  };
  /** Sends a body with validators and caching; answers 304 when the client's copy is current. */
  const send = (c: Context, body: string | Buffer, type: string, opts: { etag: string; lastModified?: Date | null; live?: boolean; extra?: Record<string, string> }) => {
    const etag = `W/"${opts.etag}"`;
    const headers: Record<string, string> = {
      'content-type': type,
      etag,
      'cache-control': opts.live ? 'no-cache' : 'public, max-age=60',
      vary: 'Accept',
      ...(opts.lastModified ? { 'last-modified': opts.lastModified.toUTCString() } : {}),
      ...opts.extra,
    };
    const inm = c.req.header('if-none-match');
    const ims = c.req.header('if-modified-since');
    const fresh = inm ? inm.split(',').some((t) => t.trim() === etag || t.trim() === '*') : !!(ims && opts.lastModified && Date.parse(ims) >= Math.floor(opts.lastModified.getTime() / 1000) * 1000);
    if (fresh) return c.body(null, 304, headers);
    return c.body(typeof body === 'string' ? body : new Uint8Array(body), 200, headers);
  };
  const sendDoc = (c: Context, fmt: Format, json: unknown, html: () => string, lastModified: Date | null = null, live = false) => {
    const body = fmt === 'html' ? html() : JSON.stringify(json);
    return send(c, body, MEDIA[fmt], { etag: sha(body), lastModified, live });
  };
  const fLink = (href: string, f: string) => `${href}${href.includes('?') ? '&' : '?'}f=${f}`;
  const alternates = (href: string, self: Format, formats: Format[], title: string): HtmlLink[] =>
    formats.map((f) => ({ rel: f === self ? 'self' : 'alternate', type: MEDIA[f].split(';')[0], title: `${title} (${f.toUpperCase()})`, href: fLink(href, f === 'oas' ? 'json' : f) }));
  const crumbs = (c: Context, ...more: HtmlLink[]): HtmlLink[] => [{ rel: 'up', title: 'OGC API', href: `${publicOrigin(c, trustProxy)}/ogc?f=html` }, { rel: 'up', title: packOf(c).raw.manifest.name, href: `${baseOf(c)}?f=html` }, ...more];
  const loadedAt = new Date(Math.floor(Date.now() / 1000) * 1000);

  const describe = (base: string, col: Collection, dyn: Dynamic, fmt: Format = 'json') => ({
    id: col.id,
    title: col.title,
    description: col.description,
    attribution: col.attribution,
    itemType: 'feature',
    crs: CRS_LIST,
    storageCrs: CRS84,
    extent: {
      ...(dyn.extent ? { spatial: { bbox: [dyn.extent], crs: CRS84 } } : {}),
      ...(dyn.temporal ? { temporal: { interval: [dyn.temporal], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' } } : {}),
    },
    ...(col.temporalProperty ? { temporalProperty: col.temporalProperty } : {}),
    geometryType: col.geometryType,
    links: [
      ...alternates(`${base}/collections/${col.id}`, fmt, ['json', 'html'], col.title),
      { rel: 'items', type: MEDIA.geojson, title: `${col.title} (GeoJSON)`, href: `${base}/collections/${col.id}/items` },
      { rel: 'items', type: 'text/html', title: `${col.title} (HTML)`, href: `${base}/collections/${col.id}/items?f=html` },
      { rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: 'application/schema+json', title: 'Queryables', href: `${base}/collections/${col.id}/queryables` },
      // The draft's relation name, which GDAL up to 3.7 looks for.
      { rel: 'queryables', type: 'application/schema+json', title: 'Queryables', href: `${base}/collections/${col.id}/queryables` },
      { rel: 'describedby', type: 'application/schema+json', title: 'Schema of the features', href: `${base}/collections/${col.id}/schema` },
      ...licenseLinks(col.license),
    ],
  });

  app.get('/', (c) => {
    onlyF(c);
    const fmt = formatOf(c, ['json', 'html']);
    const origin = publicOrigin(c, trustProxy);
    const services = [...deps.packs.values()].map((pk) => ({ id: pk.id, title: pk.raw.manifest.name, href: `${origin}/ogc/${pk.id}` }));
    const doc = { title: 'Plan na mapie — OGC API – Features', links: alternates(`${origin}/ogc`, fmt, ['json', 'html'], 'Services'), services };
    return sendDoc(c, fmt, doc, () => htmlPage(doc.title, [], `${p('One OGC API – Features service per town:')}<ul>${services.map((s) => `<li>${a(`${s.href}?f=html`, s.title)} — <code>${esc(s.href)}</code></li>`).join('')}</ul>`), loadedAt);
  });

  app.get('/:city', (c) => {
    onlyF(c);
    const pack = packOf(c);
    const fmt = formatOf(c, ['json', 'html']);
    const base = baseOf(c);
    const m = pack.raw.manifest;
    const doc = {
      title: `${m.name} — ${m.strategy.title}`,
      description: 'Layers of the development strategy, districts, the boundary and residents\' proposals, as OGC API – Features. Geometry placed by the project is approximate or schematic (see each feature\'s accuracy).',
      attribution: m.attribution,
      links: [
        ...alternates(base, fmt, ['json', 'html'], 'This document'),
        { rel: 'service-desc', type: MEDIA.oas, title: 'OpenAPI 3.0 definition', href: `${base}/api` },
        { rel: 'service-doc', type: 'text/html', title: 'The service as HTML', href: `${base}?f=html` },
        { rel: 'conformance', type: MEDIA.json, title: 'Conformance classes', href: `${base}/conformance` },
        { rel: 'data', type: MEDIA.json, title: 'Collections', href: `${base}/collections` },
        ...licenseLinks(licenseOf(m)),
      ],
    };
    return sendDoc(c, fmt, doc, () => htmlPage(doc.title, crumbs(c).slice(0, 1), `${p(doc.description)}${p(`Attribution: ${m.attribution}`)}${linkList([{ rel: 'data', title: 'Collections', href: `${base}/collections?f=html` }, { rel: 'conformance', title: 'Conformance classes', href: `${base}/conformance?f=html` }, { rel: 'service-desc', title: 'OpenAPI 3.0 definition (JSON)', href: `${base}/api` }])}`), loadedAt);
  });

  app.get('/:city/conformance', (c) => {
    onlyF(c);
    packOf(c);
    const fmt = formatOf(c, ['json', 'html']);
    return sendDoc(c, fmt, { conformsTo: CONFORMANCE }, () => htmlPage('Conformance classes', crumbs(c), `<ul>${CONFORMANCE.map((x) => `<li><code>${esc(x)}</code></li>`).join('')}</ul>`), loadedAt);
  });

  app.get('/:city/api', (c) => {
    onlyF(c);
    const pack = packOf(c);
    formatOf(c, ['oas']);
    const doc = openApiDocument(baseOf(c), pack.raw.manifest.name, [...collectionsFor(pack).keys()]);
    const body = JSON.stringify(doc);
    return send(c, body, MEDIA.oas, { etag: sha(body), lastModified: loadedAt });
  });

  app.get('/:city/collections', async (c) => {
    onlyF(c);
    const pack = packOf(c);
    const fmt = formatOf(c, ['json', 'html']);
    const base = baseOf(c);
    const cols = [...collectionsFor(pack).values()];
    const dyns = await Promise.all(cols.map((col) => col.dynamic()));
    const doc = { links: alternates(`${base}/collections`, fmt, ['json', 'html'], 'Collections'), crs: CRS_LIST, collections: cols.map((col, i) => describe(base, col, dyns[i]!)) };
    const live = cols.some((col) => col.temporalProperty);
    return sendDoc(
      c,
      fmt,
      doc,
      () => htmlPage(`${pack.raw.manifest.name}: collections`, crumbs(c), table(['collection', 'geometry', 'description'], cols.map((col) => [a(`${base}/collections/${col.id}?f=html`, col.title), esc(col.geometryType), esc(col.description)]), new Set([0, 1, 2]))),
      null,
      live,
    );
  });

  app.get('/:city/collections/:collectionId', async (c) => {
    onlyF(c);
    const col = collectionOr404(c);
    const fmt = formatOf(c, ['json', 'html']);
    const base = baseOf(c);
    const dyn = await col.dynamic();
    const doc = describe(base, col, dyn, fmt);
    return sendDoc(
      c,
      fmt,
      doc,
      () =>
        htmlPage(
          col.title,
          crumbs(c, { rel: 'up', title: 'Collections', href: `${base}/collections?f=html` }),
          `${p(col.description)}${p(`Attribution: ${col.attribution}`)}${p(`Geometry: ${col.geometryType}. Extent (CRS84): ${dyn.extent ? dyn.extent.join(', ') : 'empty'}.`)}${linkList(doc.links)}<h2>Fields</h2>${table(['name', 'type'], col.fields.map((f) => [f.name, f.format ?? f.type]))}`,
        ),
      dyn.lastModified,
      !!col.temporalProperty,
    );
  });

  for (const kind of ['queryables', 'schema'] as const) {
    app.get(`/:city/collections/:collectionId/${kind}`, async (c) => {
      onlyF(c);
      const col = collectionOr404(c);
      // JSON Schema, typed as such unless the client accepts only application/json (GDAL asks for that).
      const fmt = formatOf(c, ['schema', 'json', 'html']);
      const base = baseOf(c);
      const doc = queryablesSchema(`${base}/collections/${col.id}/${kind}`, col, kind);
      const body = fmt === 'html' ? htmlPage(`${col.title}: ${kind}`, crumbs(c, { rel: 'up', title: col.title, href: `${base}/collections/${col.id}?f=html` }), table(['name', 'type'], Object.entries(doc.properties).map(([k, v]) => [k, (v as { type?: string; format?: string }).format ?? (v as { type?: string }).type ?? 'geometry']))) : JSON.stringify(doc);
      return send(c, body, MEDIA[fmt], { etag: sha(body), lastModified: loadedAt });
    });
  }

  app.get('/:city/collections/:collectionId/items', async (c) => {
    const col = collectionOr404(c);
    const params = c.req.query();
    const q = parseItemsQuery(params, col);
    const fmt = formatOf(c, ['geojson', 'json', 'html']);
    const page = await col.page(q.datetime && !col.temporalProperty ? { ...q, datetime: null } : q);
    const base = baseOf(c);
    const self = `${base}/collections/${col.id}/items`;
    // Links repeat every parameter the request used (so a client paging keeps its filter, CRS and format).
    const keep = ITEMS_PARAMS.filter((k) => k !== 'limit' && k !== 'offset' && k !== 'f' && params[k] !== undefined).map((k) => `${k}=${encodeURIComponent(params[k]!)}`);
    const href = (offset: number, f?: string) => `${self}?${[...keep, `limit=${q.limit}`, `offset=${offset}`, ...(f ? [`f=${f}`] : [])].join('&')}`;
    const fParam = params.f !== undefined ? fmt : undefined;
    const selfType = fmt === 'html' ? 'text/html' : MEDIA[fmt];
    const links = [
      { rel: 'self', type: selfType, href: href(q.offset, fParam) },
      ...(['geojson', 'json', 'html'] as const).filter((f) => f !== fmt).map((f) => ({ rel: 'alternate', type: MEDIA[f].split(';')[0]!, href: href(q.offset, f) })),
      { rel: 'collection', type: MEDIA.json, href: `${base}/collections/${col.id}` },
    ];
    if (q.offset + page.numberReturned < page.numberMatched) links.push({ rel: 'next', type: selfType, href: href(q.offset + q.limit, fParam) });
    if (q.offset > 0) links.push({ rel: 'prev', type: selfType, href: href(Math.max(0, q.offset - q.limit), fParam) });
    // Live data: the ETag says whether a page changed; the extent/time query is kept for the collection's own document.
    const lastModified = col.temporalProperty ? null : (await col.dynamic()).lastModified;
    const crsHeader = { 'content-crs': `<${q.crs.uri}>` };
    const etag = sha(`${pageHash(page.json)}|${page.numberMatched}|${JSON.stringify(links)}|${fmt}`);
    if (fmt === 'html') {
      const features = JSON.parse(`[${page.json.toString()}]`) as { id: string; properties: Record<string, unknown>; geometry: { type: string } }[];
      const names = col.fields.map((f) => f.name);
      const rows = features.map((f) => [a(`${self}/${encodeURIComponent(f.id)}?f=html`, f.id), ...names.filter((n) => n !== 'id').map((n) => esc(f.properties[n])), esc(f.geometry?.type)]);
      const nav = links.filter((l) => l.rel === 'next' || l.rel === 'prev').map((l) => a(l.href, l.rel === 'next' ? 'next page →' : '← previous page')).join(' ');
      const body = htmlPage(
        `${col.title}: features`,
        crumbs(c, { rel: 'up', title: 'Collections', href: `${base}/collections?f=html` }, { rel: 'up', title: col.title, href: `${base}/collections/${col.id}?f=html` }),
        `${p(`${page.numberMatched} matched, ${page.numberReturned} shown from ${q.offset + 1}.`)}${table(['id', ...names.filter((n) => n !== 'id'), 'geometry'], rows, new Set(rows[0]?.map((_, i) => i) ?? []))}<p>${nav}</p>`,
      );
      return send(c, body, MEDIA.html, { etag, lastModified, live: !!col.temporalProperty, extra: crsHeader });
    }
    const head = `{"type":"FeatureCollection","numberMatched":${page.numberMatched},"numberReturned":${page.numberReturned},"timeStamp":"${new Date().toISOString()}","links":${JSON.stringify(links)},"features":[`;
    return send(c, Buffer.concat([Buffer.from(head), page.json, CLOSE]), MEDIA[fmt], { etag, lastModified, live: !!col.temporalProperty, extra: crsHeader });
  });

  app.get('/:city/collections/:collectionId/items/:featureId', async (c) => {
    const col = collectionOr404(c);
    const params = c.req.query();
    for (const k of Object.keys(params)) if (k !== 'f' && k !== 'crs') throw new OgcParameterError(`Unknown query parameter "${k}". A feature takes f and crs.`, { parameter: k, rule: 'unknown-parameter', allowed: ['f', 'crs'] });
    checkFormat(params.f);
    const crs = params.crs === undefined ? CRS84_CRS : crsFromParam(params.crs);
    if (!crs) throw new OgcParameterError(`crs "${params.crs!.slice(0, 100)}" is not offered. Offered: ${CRS_LIST.join(', ')}.`, { parameter: 'crs', rule: 'one-of', allowed: CRS_LIST });
    const fmt = formatOf(c, ['geojson', 'json', 'html']);
    const id = c.req.param('featureId');
    const json = await col.item(id, crs);
    if (!json) throw new OgcHttpError(404, 'NotFound', `Collection "${col.id}" has no feature "${id.slice(0, 80)}".`, { collection: col.id, feature: id.slice(0, 80) });
    const base = baseOf(c);
    const self = `${base}/collections/${col.id}/items/${encodeURIComponent(id)}`;
    const withCrs = (f?: string) => `${self}${[params.crs ? `crs=${encodeURIComponent(params.crs)}` : '', f ? `f=${f}` : ''].filter(Boolean).join('&').replace(/^(.)/, '?$1')}`;
    const selfType = fmt === 'html' ? 'text/html' : MEDIA[fmt];
    const links = [
      { rel: 'self', type: selfType, href: withCrs(params.f !== undefined ? fmt : undefined) },
      ...(['geojson', 'json', 'html'] as const).filter((f) => f !== fmt).map((f) => ({ rel: 'alternate', type: MEDIA[f].split(';')[0]!, href: withCrs(f) })),
      { rel: 'collection', type: MEDIA.json, href: `${base}/collections/${col.id}` },
    ];
    const lastModified = col.temporalProperty ? null : (await col.dynamic()).lastModified;
    const extra = { 'content-crs': `<${crs.uri}>` };
    if (fmt === 'html') {
      const f = JSON.parse(json) as { properties: Record<string, unknown>; geometry: unknown };
      const body = htmlPage(
        `${col.title}: ${String(f.properties.name ?? id)}`,
        crumbs(c, { rel: 'up', title: col.title, href: `${base}/collections/${col.id}/items?f=html` }),
        `${table(['property', 'value'], Object.entries(f.properties))}<h2>Geometry (${esc(crs.uri)})</h2><pre>${esc(JSON.stringify(f.geometry))}</pre>${linkList(links)}`,
      );
      return send(c, body, MEDIA.html, { etag: sha(body), lastModified, live: !!col.temporalProperty, extra });
    }
    const body = `${json.slice(0, -1)},"links":${JSON.stringify(links)}}`;
    return send(c, body, MEDIA[fmt], { etag: sha(body), lastModified, live: !!col.temporalProperty, extra });
  });

  // Resources that exist answer other methods with 405 and Allow (OPTIONS: 204 and Allow); anything else 404.
  const RESOURCE = /^\/ogc(\/[^/]+(\/(conformance|api|collections(\/[^/]+(\/(queryables|schema|items(\/[^/]+)?))?)?))?)?\/?$/;
  app.all('*', (c) => {
    const path = new URL(c.req.url).pathname;
    if (RESOURCE.test(path) && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      if (c.req.method === 'OPTIONS') return c.body(null, 204, { allow: ALLOW });
      throw new OgcHttpError(405, 'MethodNotAllowed', `${c.req.method.slice(0, 10)} is not allowed on ${path.slice(0, 200)}: this service is read-only. Allowed: ${ALLOW}.`, { method: c.req.method.slice(0, 10), allow: ALLOW.split(', ') }, { allow: ALLOW });
    }
    throw new OgcHttpError(404, 'NotFound', `Nothing at ${path.slice(0, 200)}. A service's paths: /ogc/{city}, /conformance, /api, /collections, /collections/{collectionId}, /queryables, /schema, /items, /items/{featureId}.`, { path: path.slice(0, 200) });
  });

  return app;
}
