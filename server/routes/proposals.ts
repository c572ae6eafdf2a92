import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import type { ProposalCollection, ProposalSetup } from '../api-types.ts';
import type { ActorEnv } from '../auth/actor.ts';
import { requireRole } from '../auth/guards.ts';
import { apiError } from '../http/api-error.ts';
import { type AppDeps, packOr404 } from '../http/deps.ts';
import { jsonBody, parseOr400 } from '../http/parse-input.ts';
import { CreateProposalInput, EditInput, ListQuery, StatusInput } from '../proposals/proposal-input.ts';
import { countsOf } from '../proposals/kind-rules.ts';
import { proposalFeature, proposalsCsv } from '../proposals/present.ts';
import { proposalTile } from '../proposals/proposal-tiles.ts';
import { MAX_TILE_ZOOM, isValidTile } from '../geo/web-mercator-tiles.ts';
import { actorRef, changeStatus, createdHistory, createProposal, edit, proposalDetail, withdraw } from '../proposals/proposal-service.ts';
import type { CityPack } from '../packs/index-pack.ts';
import type { ProposalFilter, ProposalStore } from '../store/store.ts';

const EXPORT_MAX = 200_000;

export function proposalsRoutes(deps: AppDeps) {
  const app = new Hono<ActorEnv>();
  const { store } = deps;
  const base = '/cities/:city/proposals';

  app.get('/cities/:city/proposal-setup', (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const kinds = (pack.raw.manifest.proposals?.kinds ?? []).map((k) => ({ ...k, counts: countsOf(k) }));
    return c.json<ProposalSetup>({ kinds, species: pack.raw.species });
  });

  app.get(base, async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const q = parseOr400(ListQuery, c.req.query(), 'query');
    const filter = toFilter(pack, q);
    const { proposals, total } = await store.listProposals(filter);
    const actor = c.get('actor');
    const mine = actor.kind === 'resident' ? await store.supportedBy(pack.id, actor.id, proposals.map((p) => p.id)) : null;
    return c.json<ProposalCollection>(
      {
        type: 'FeatureCollection',
        features: proposals.map((p) => proposalFeature(p, pack.raw, mine ? mine.has(p.id) : undefined)),
        numberMatched: total,
        numberReturned: proposals.length,
        offset: filter.offset,
        limit: filter.limit,
      },
      200,
      { 'content-type': 'application/geo+json; charset=utf-8', 'cache-control': 'no-store' },
    );
  });

  const exportRoute = (format: 'csv' | 'geojson') => async (c: Context<ActorEnv>) => {
    const pack = packOr404(deps, c.req.param('city')!);
    const q = parseOr400(ListQuery.omit({ limit: true, offset: true, sort: true }), c.req.query(), 'query');
    const { proposals } = await store.listProposals({ ...toFilter(pack, { ...q, limit: EXPORT_MAX, offset: 0, sort: 'created' }) });
    const stamp = new Date().toISOString().slice(0, 10);
    if (format === 'csv') {
      return c.body(proposalsCsv(proposals, pack.raw), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${pack.id}-propozycje-${stamp}.csv"`,
      });
    }
    return c.body(JSON.stringify({ type: 'FeatureCollection', features: proposals.map((p) => proposalFeature(p, pack.raw)) }), 200, {
      'content-type': 'application/geo+json; charset=utf-8',
      'content-disposition': `attachment; filename="${pack.id}-propozycje-${stamp}.geojson"`,
    });
  };
  app.get(`${base}/export.csv`, exportRoute('csv'));
  app.get(`${base}/export.geojson`, exportRoute('geojson'));

  // Proposals as vector tiles for the map (see proposals/proposal-tiles.ts). The ETag is the
  // tile's content, so it changes exactly when a proposal drawn in the tile changes.
  app.get(`${base}/tiles/:z/:x/:file`, async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const [z, x] = [c.req.param('z'), c.req.param('x')].map((v) => (/^\d{1,8}$/.test(v) ? Number(v) : NaN)) as [number, number];
    const y = /^\d{1,8}\.pbf$/.test(c.req.param('file')) ? Number(c.req.param('file').slice(0, -4)) : NaN;
    if (!isValidTile(z, x, y)) {
      apiError(400, 'invalid-tile', `No tile ${c.req.param('z')}/${c.req.param('x')}/${c.req.param('file')}: zoom is a whole number from 0 to ${MAX_TILE_ZOOM}, x and y from 0 to 2^zoom − 1, and the file ends in .pbf.`, {
        params: { maxZoom: MAX_TILE_ZOOM },
      });
    }
    const q = parseOr400(ListQuery.pick({ status: true, kind: true }), c.req.query(), 'query');
    const { status, kind } = toFilter(pack, { ...q, limit: 1, offset: 0, sort: 'created' });
    const tile = await proposalTile(store, { city: pack.id, status, kind }, z, x, y);
    const etag = `"${createHash('sha1').update(tile.bytes).digest('base64url')}"`;
    const headers = { etag, 'cache-control': 'no-cache', vary: 'accept-encoding' };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    const type = { 'content-type': 'application/vnd.mapbox-vector-tile' };
    // Tiles compress several-fold, and no generic compressor knows their type.
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '') && tile.bytes.length > 512) {
      return c.body(gzipSync(tile.bytes) as Uint8Array<ArrayBuffer>, 200, { ...headers, ...type, 'content-encoding': 'gzip' });
    }
    return c.body(tile.bytes as Uint8Array<ArrayBuffer>, 200, { ...headers, ...type });
  });

  app.get(`${base}/:id`, async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const p = await proposalOr404(store, pack, c.req.param('id'));
    return c.json(await proposalDetail(store, pack, p, c.get('actor')));
  });

  app.post(base, requireRole('resident'), async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const input = parseOr400(CreateProposalInput, await jsonBody(c), 'body');
    const p = await createProposal(store, pack, c.get('actor'), input);
    c.header('location', `/api/cities/${pack.id}/proposals/${p.id}`);
    return c.json(await proposalDetail(store, pack, p, c.get('actor'), { history: createdHistory(p), supported: false }), 201);
  });

  app.post(`${base}/:id/status`, requireRole('planner'), async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const input = parseOr400(StatusInput, await jsonBody(c), 'body');
    const p = await changeStatus(store, pack, c.get('actor'), c.req.param('id'), input.status, input.reason ?? null);
    return c.json(await proposalDetail(store, pack, p, c.get('actor')));
  });

  app.patch(`${base}/:id`, requireRole('planner'), async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const input = parseOr400(EditInput, await jsonBody(c), 'body');
    const p = await edit(store, pack, c.get('actor'), c.req.param('id'), input);
    return c.json(await proposalDetail(store, pack, p, c.get('actor')));
  });

  app.post(`${base}/:id/withdraw`, requireRole('resident'), async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const p = await withdraw(store, pack, c.get('actor'), c.req.param('id'));
    return c.json(await proposalDetail(store, pack, p, c.get('actor')));
  });

  // Supports are a resident's voice: one per resident per proposal (planners review, they do not vote).
  app.put(`${base}/:id/support`, requireRole('resident'), async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const actor = c.get('actor');
    if (actor.kind !== 'resident') apiError(403, 'forbidden', 'Only residents support proposals.');
    const r = await store.addSupport(pack.id, c.req.param('id'), actor.id, new Date().toISOString());
    if (!r.found) apiError(404, 'unknown-proposal', `There is no proposal "${c.req.param('id')}".`);
    return c.json({ supports: r.supports, supportedByMe: true, added: r.added }, r.added ? 201 : 200);
  });

  app.delete(`${base}/:id/support`, requireRole('resident'), async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const actor = c.get('actor');
    if (actor.kind !== 'resident') apiError(403, 'forbidden', 'Only residents support proposals.');
    const r = await store.removeSupport(pack.id, c.req.param('id'), actorRef(actor).id);
    if (!r.found) apiError(404, 'unknown-proposal', `There is no proposal "${c.req.param('id')}".`);
    return c.json({ supports: r.supports, supportedByMe: false, removed: r.removed });
  });

  return app;
}

function toFilter(pack: CityPack, q: { district?: string; status?: ProposalFilter['status']; kind?: string; bbox?: number[]; limit: number; offset: number; sort: ProposalFilter['sort'] }): ProposalFilter {
  if (q.district && !pack.districtById.has(q.district)) {
    apiError(400, 'invalid-input', `district: "${q.district}" is not a district of ${pack.raw.manifest.name} (${pack.districts.map((d) => d.info.id).join(', ')}).`);
  }
  const kinds = pack.raw.manifest.proposals?.kinds ?? [];
  if (q.kind && !kinds.some((k) => k.id === q.kind)) {
    apiError(400, 'invalid-input', `kind: "${q.kind}" is not taken in ${pack.raw.manifest.name} (${kinds.map((k) => k.id).join(', ') || 'no proposals'}).`);
  }
  return {
    city: pack.id,
    district: q.district,
    status: q.status,
    kind: q.kind,
    bbox: q.bbox as ProposalFilter['bbox'],
    limit: q.limit,
    offset: q.offset,
    sort: q.sort,
  };
}

async function proposalOr404(store: ProposalStore, pack: CityPack, id: string) {
  const p = /^[\w-]{1,64}$/.test(id) ? await store.getProposal(pack.id, id) : null;
  if (!p) apiError(404, 'unknown-proposal', `There is no proposal "${id.slice(0, 64)}" in ${pack.raw.manifest.name}.`);
  return p;
}
