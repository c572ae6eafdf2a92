import { Hono, type Context } from 'hono';
import type { BulkStatusResult, ProposalSetup } from '../api-types.ts';
import type { Actor, ActorEnv } from '../auth/actor.ts';
import { clientAddress, networkOf } from '../http/client-address.ts';
import { clientKey, requireRole } from '../auth/guards.ts';
import { refuse } from '../http/api-error.ts';
import { type AppDeps, packOr404, workOf } from '../http/deps.ts';
import { runOn } from '../work/work.ts';
import { TILE_TASK, type ServedTile } from '../proposals/tile-draw.ts';
import { jsonBody, parseOr400 } from '../http/parse-input.ts';
import { BulkStatusInput, CreateProposalInput, EditInput, ListQuery, StatusInput, TileQueryInput } from '../proposals/proposal-input.ts';
import { HTTPException } from 'hono/http-exception';
import { countsOf } from '../proposals/kind-rules.ts';
import { csvHeader, csvRows, proposalFeatureJson } from '../proposals/present.ts';
import { proposalTile } from '../proposals/proposal-tiles.ts';
import { TileCache } from '../proposals/tile-cache.ts';
import { KeptReads } from '../proposals/kept-reads.ts';
import { MAX_TILE_ZOOM, isValidTile } from '../geo/web-mercator-tiles.ts';
import { actorRef } from '../auth/actor-ref.ts';
import { changeStatus, createdHistory, createProposal, edit, proposalDetail, withdraw } from '../proposals/proposal-service.ts';
import type { CityPack } from '../packs/index-pack.ts';
import type { AccountStore, ProposalFilter, ProposalStore } from '../store/store.ts';

const TILE_MAX_AGE_MS = 2000;
/** Longest a tile's encoding may take in the tile worker (~50 ms for 4000 proposals on a quiet machine). */
const TILE_TIME_MS = 10_000;
/** Big reads waiting for a turn at most. */
const READ_QUEUE = 32;
/** Tiles made at once (one per core of this kind of machine), and how many may wait for a turn. */
const TILE_BUILDS_AT_ONCE = 2;
const TILE_BUILD_QUEUE = 512;
/** Exports streaming at once (across all clients); one more is refused (503 + Retry-After), never queued. */
export const EXPORTS_AT_ONCE = 2;
const EXPORT_RETRY_S = 5;
/** Default for config EXPORT_IDLE_S: an export whose client reads nothing this long is ended. */
const EXPORT_IDLE_S = 30;
/**
 * Rows an export reads per step: keyset steps (after the last id sent), so a step costs the
 * same at the end of a million as at the start; on SQLite the rows are read on a reader thread
 * and only formatted here (~1 ms per step).
 */
const EXPORT_CHUNK = 500;
/** The longest pause between two chunks of a paced export (a chunk slowed by a busy machine is not copied in full). */
const EXPORT_PAUSE_MAX_MS = 200;
/** Rows of a list page turned to JSON between turns of the event loop. */
const PAGE_CHUNK = 10;
/** Rows of a page read at once (an area proposal is at most ~15 KB of GeoJSON). */
const PAGE_READ = 100;
/** Rows a list page reads at most, and its size cap in bytes (a page stops before the feature that would pass it). */
export const MAX_PAGE_ROWS = 1000;
export const MAX_PAGE_BYTES = 1024 * 1024;

export function proposalsRoutes(deps: AppDeps) {
  const app = new Hono<ActorEnv>();
  const { store } = deps;
  const base = '/cities/:city/proposals';

  app.get('/cities/:city/proposal-setup', (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const kinds = (pack.raw.manifest.proposals?.kinds ?? []).map((k) => ({ ...k, counts: countsOf(k) }));
    return c.json<ProposalSetup>({ kinds, species: pack.raw.species });
  });

  // Big reads (list pages, export pages) run one at a time across all clients; others wait their turn
  // (at most READ_QUEUE of them, else 503), so parallel reads cannot pile up memory and pauses.
  const reads = semaphore(1, READ_QUEUE, (queued) => refuse(503, 'busy', { rule: 'exports', queued }, {}, { 'retry-after': '5' }));
  // Exports take the read slot one page at a time (keyset pages), so list pages wait at most a
  // page behind them; their own slots bound how many streams are open at once.
  const exportSlots = semaphore(EXPORTS_AT_ONCE, 0, () =>
    refuse(503, 'busy', { rule: 'export-slots', max: EXPORTS_AT_ONCE, retryAfterS: EXPORT_RETRY_S }, {}, { 'retry-after': String(EXPORT_RETRY_S) }),
  );
  const idleMs = (deps.config.EXPORT_IDLE_S ?? EXPORT_IDLE_S) * 1000;
  // Served tiles, good until the next write to a proposal; on PostgreSQL other servers may
  // write too, so there a tile is read again after at most TILE_MAX_AGE_MS.
  // Tiles not kept yet are made a few at a time: 32 map clients panning over new ground would
  // otherwise start 32 reads at once (on PostgreSQL 32 backends on the machine's cores), and the
  // event loop, with every other request, would get a small share of the CPU (/healthz p99
  // 28–54 ms beside cold tiles at a million proposals). Kept tiles do not wait.
  const tileBuilds = semaphore(TILE_BUILDS_AT_ONCE, TILE_BUILD_QUEUE, (queued) => refuse(503, 'busy', { rule: 'jobs', queued }, {}, { 'retry-after': '2' }));
  const tiles = new TileCache(() => store.proposalChanges, store.kind === 'postgres' ? TILE_MAX_AGE_MS : Infinity);
  // List totals by filter, until the next write (SQLite). On PostgreSQL, where other servers
  // write too, each page counts afresh with its rows (in the database's process, off the loop).
  const totals = store.kind === 'sqlite' ? new KeptReads<number>(() => store.proposalChanges, Infinity) : null;

  app.get(base, async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const q = parseOr400(ListQuery, c.req.query(), 'query');
    const filter = toFilter(pack, q);
    if (q.mine) {
      const me = c.get('actor');
      if (me.kind === 'anonymous') refuse(401, 'not-signed-in', { rule: 'mine', field: 'mine' });
      filter.author = { kind: actorRef(me).kind, id: me.id };
    }
    const release = await reads.acquire();
    try {
      // A client that left while its page waited for the read slot gets no read: work queued for
      // nobody would hold up every request after it (32 abandoned bbox pages were a minute of reads).
      if (c.req.raw.signal.aborted) return c.body(null, 204);
      return await listPage(c, pack, filter);
    } finally {
      release();
    }
  });

  const listPage = async (c: Context<ActorEnv>, pack: CityPack, filter: ProposalFilter) => {
    // Read in small chunks (parsing stored geometry is the costly part, so the event loop gets
    // a turn between them) and cut the page at MAX_PAGE_ROWS and MAX_PAGE_BYTES: numberReturned
    // says how many came, and the client asks again from offset + numberReturned.
    const want = Math.min(filter.limit, MAX_PAGE_ROWS);
    const actor = c.get('actor');
    // The total is counted once per filter until the next write (on SQLite a count over a
    // quarter of a million-proposal town takes seconds, even off the loop); pages share it.
    const { offset: _o, limit: _l, sort: _s, ...counted } = filter;
    const totalOf = totals ? totals.get(JSON.stringify(counted), async () => (await store.listProposals({ ...filter, offset: 0, limit: 0, withTotal: true })).total) : null;
    let total = 0;
    const parts: string[] = [];
    let bytes = 0;
    let full = false;
    for (let read = 0; read < want && !full && !c.req.raw.signal.aborted; ) {
      // Each read visits every match of the filter to order them (a bbox: all its proposals),
      // so a page takes its rows in few reads and yields to the loop while turning them to JSON.
      const n = Math.min(PAGE_READ, want - read);
      const chunk = await store.listProposals({ ...filter, offset: filter.offset + read, limit: n, withTotal: read === 0 && !totalOf });
      if (read === 0 && !totalOf) total = chunk.total;
      const mine = actor.kind === 'resident' ? await store.supportedBy(pack.id, actor.id, chunk.proposals.map((p) => p.id)) : null;
      for (const [i, p] of chunk.proposals.entries()) {
        if (i > 0 && i % PAGE_CHUNK === 0) await yieldToLoop();
        const byMe = actor.kind === 'resident' ? p.author.kind === 'resident' && p.author.id === actor.id : undefined;
        const json = proposalFeatureJson(p, pack.raw, mine ? mine.has(p.id) : undefined, byMe);
        const size = Buffer.byteLength(json) + 1;
        if (parts.length > 0 && bytes + size > MAX_PAGE_BYTES) {
          full = true;
          break;
        }
        parts.push(json);
        bytes += size;
      }
      read += chunk.proposals.length;
      if (chunk.proposals.length < n) break;
    }
    if (totalOf) total = await totalOf;
    const body = `{"type":"FeatureCollection","features":[${parts.join(',')}],"numberMatched":${total},"numberReturned":${parts.length},"offset":${filter.offset},"limit":${filter.limit}}`;
    return c.body(body, 200, { 'content-type': 'application/geo+json; charset=utf-8', 'cache-control': 'no-store' });
  };

  // Exports are streamed a chunk of rows at a time (memory stays flat whatever their size),
  // one at a time per client. On PostgreSQL an export reads as fast as the client takes it, and
  // its reads cost the database's CPU as well as ours (in a small deployment, the same cores):
  // at a million rows that raised the summaries' p99 beside it to 54–61 ms. So each chunk waits
  // as long as the last one took: the export runs at half its speed (14 s → about 30 s for a
  // million rows), the others keep their share. SQLite's reads already take their turn in the
  // reader threads (others' p99 23–32 ms beside a 1M export) and are not slowed further.
  const pace = store.kind !== 'sqlite';
  const exporting = new Set<string>();
  const exportRoute = (format: 'csv' | 'geojson') => async (c: Context<ActorEnv>) => {
    const pack = packOr404(deps, c.req.param('city')!);
    const q = parseOr400(ListQuery.omit({ limit: true, offset: true, sort: true, mine: true }), c.req.query(), 'query');
    const filter = toFilter(pack, { ...q, limit: EXPORT_CHUNK, offset: 0, sort: 'created' });
    const who = clientKey(c, deps.config.TRUST_PROXY);
    if (exporting.has(who)) {
      refuse(429, 'one-at-a-time', { rule: 'export', max: 1 }, { retryAfterS: 1 }, { 'retry-after': '1' });
    }
    exporting.add(who);
    let freeSlot: () => void;
    try {
      freeSlot = await exportSlots.acquire();
    } catch (e) {
      exporting.delete(who);
      throw e;
    }
    const stamp = new Date().toISOString().slice(0, 10);
    const enc = new TextEncoder();
    let after: string | undefined;
    let first = true;
    let done = false;
    let released = false;
    let idle: NodeJS.Timeout | undefined;
    let lastChunkMs = 0;
    const release = () => {
      clearTimeout(idle);
      if (released) return;
      released = true;
      exporting.delete(who);
      freeSlot();
    };
    // The node response (absent in-process): a stalled export closes its connection.
    const outgoing = (c.env as { outgoing?: { destroy(): void } } | undefined)?.outgoing;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        // pull is the stream's backpressure signal: the server asks for more only once the
        // client has taken what was sent (the socket drained). No pull for idleMs after a page
        // means the client reads nothing: end the export and free its slot.
        clearTimeout(idle);
        try {
          if (done) return;
          if (first && format === 'csv') controller.enqueue(enc.encode(csvHeader()));
          if (first && format === 'geojson') controller.enqueue(enc.encode('{"type":"FeatureCollection","features":[\n'));
          if (!first) await (pace && lastChunkMs > 0 ? delay(lastChunkMs) : yieldToLoop());
          const started = performance.now();
          const freeRead = await reads.acquire(true);
          let proposals: Awaited<ReturnType<typeof store.listProposals>>['proposals'];
          try {
            ({ proposals } = await store.listProposals({ ...filter, offset: 0, after, limit: EXPORT_CHUNK, withTotal: false }));
          } finally {
            freeRead();
          }
          after = proposals.at(-1)?.id ?? after;
          if (format === 'csv') {
            if (proposals.length) controller.enqueue(enc.encode(csvRows(proposals, pack.raw)));
          } else if (proposals.length) {
            controller.enqueue(enc.encode(`${first ? '' : ',\n'}${proposals.map((p) => proposalFeatureJson(p, pack.raw)).join(',\n')}`));
          }
          first = false;
          lastChunkMs = Math.min(EXPORT_PAUSE_MAX_MS, performance.now() - started);
          // Every matching proposal, however many: pages are read one slot at a time and sent as the client takes them.
          if (proposals.length < EXPORT_CHUNK) {
            if (format === 'geojson') controller.enqueue(enc.encode('\n]}\n'));
            done = true;
            controller.close();
            release();
          } else {
            idle = setTimeout(() => {
              release();
              if (outgoing) outgoing.destroy();
              else controller.error(new Error(`export stalled: the client read nothing for ${idleMs / 1000} s`));
            }, idleMs);
          }
        } catch (e) {
          release();
          controller.error(e);
        }
      },
      cancel: release,
    });
    return c.body(stream, 200, {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/geo+json; charset=utf-8',
      'content-disposition': `attachment; filename="${pack.id}-propozycje-${stamp}.${format}"`,
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
      refuse(400, 'invalid-tile', { tile: `${c.req.param('z')}/${c.req.param('x')}/${c.req.param('file')}`.slice(0, 60), maxZoom: MAX_TILE_ZOOM });
    }
    const q = parseOr400(TileQueryInput, c.req.query(), 'query');
    const kinds = pack.raw.manifest.proposals?.kinds ?? [];
    const unknown = q.kind?.find((k) => !kinds.some((x) => x.id === k));
    if (unknown) {
      refuse(400, 'invalid-input', { rule: 'kind-not-taken', field: 'kind', value: unknown.slice(0, 64), town: pack.raw.manifest.name, allowed: kinds.map((k) => k.id) });
    }
    const status = q.status ? [...new Set(q.status)].sort() : undefined;
    const kind = q.kind?.slice().sort();
    const key = `${pack.id}/${z}/${x}/${y}?${status?.join(',') ?? ''}&${kind?.join(',') ?? ''}`;
    // Read here (cells or rows, from the store's threads or database), encoded in the tile worker.
    const tile = await tiles.get(key, async () => {
      const release = await tileBuilds.acquire();
      try {
        return await runOn<ServedTile>(workOf(deps).tiles, TILE_TASK, await proposalTile(store, { city: pack.id, status, kinds: kind }, z, x, y), { timeMs: TILE_TIME_MS });
      } finally {
        release();
      }
    });
    const headers = { etag: tile.etag, 'cache-control': 'no-cache', vary: 'accept-encoding' };
    if (c.req.header('if-none-match') === tile.etag) return c.body(null, 304, headers);
    const type = { 'content-type': 'application/vnd.mapbox-vector-tile' };
    // Tiles compress several-fold, and no generic compressor knows their type.
    if (tile.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      return c.body(tile.gzip as Uint8Array<ArrayBuffer>, 200, { ...headers, ...type, 'content-encoding': 'gzip' });
    }
    return c.body(tile.bytes as Uint8Array<ArrayBuffer>, 200, { ...headers, ...type });
  });

  // The legend's figures: proposals by kind and status, from the kept cell counts (a few rows).
  app.get(`${base}/counts`, async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    return c.json({ counts: await store.proposalCounts(pack.id) });
  });

  app.get(`${base}/:id`, async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const p = await proposalOr404(store, pack, c.req.param('id'));
    return c.json(await proposalDetail(store, pack, p, c.get('actor')));
  });

  app.post(base, requireRole('resident'), async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const input = parseOr400(CreateProposalInput, await jsonBody(c), 'body');
    const me = c.get('actor');
    if (me.kind === 'resident') await scopeToTown(store, me, pack);
    const p = await createProposal(store, pack, c.get('actor'), input, workOf(deps), clientKey(c, deps.config.TRUST_PROXY));
    c.header('location', `/api/cities/${pack.id}/proposals/${p.id}`);
    return c.json(await proposalDetail(store, pack, p, c.get('actor'), { history: createdHistory(p), supported: false }), 201);
  });

  app.post(`${base}/:id/status`, requireRole('planner'), async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const input = parseOr400(StatusInput, await jsonBody(c), 'body');
    const p = await changeStatus(store, pack, c.get('actor'), c.req.param('id'), input.status, input.reason ?? null, input.expected);
    return c.json(await proposalDetail(store, pack, p, c.get('actor')));
  });

  // One decision for a selection: each proposal is its own change (its own rules and history);
  // the answer says, per id, the new status or why that one was refused.
  app.post(`${base}/status`, requireRole('planner'), async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const input = parseOr400(BulkStatusInput, await jsonBody(c), 'body');
    const results: BulkStatusResult['results'] = [];
    for (const id of new Set(input.ids)) {
      try {
        const p = await changeStatus(store, pack, c.get('actor'), id, input.status, input.reason ?? null, input.expected?.[id]);
        results.push({ id, ok: true, status: p.status });
      } catch (e) {
        if (!(e instanceof HTTPException)) throw e;
        const body = (await e.getResponse().json()) as { error: { code: string; message: string } };
        results.push({ id, ok: false, error: { code: body.error.code, message: body.error.message } });
      }
    }
    return c.json<BulkStatusResult>({ results, changed: results.filter((r) => r.ok).length });
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
    if (actor.kind !== 'resident') refuse(403, 'forbidden', { rule: 'support' });
    await scopeToTown(store, actor, pack);
    if (pack.raw.manifest.verification === 'email' && !actor.emailConfirmed) {
      refuse(403, 'email-unconfirmed', { town: pack.raw.manifest.name, verification: 'email' });
    }
    const network = networkOf(clientAddress(c, deps.config.TRUST_PROXY));
    const r = await store.addSupport(pack.id, c.req.param('id'), actor.id, new Date().toISOString(), { network, confirmed: actor.emailConfirmed });
    if (!r.found) refuse(404, 'unknown-proposal', { id: c.req.param('id').slice(0, 64) });
    if (r.refused === 'not-live') refuse(409, 'proposal-not-live', { status: 'live' });
    if (r.refused === 'own') refuse(403, 'own-proposal');
    return c.json({ supports: r.supports, supportedByMe: true, added: r.added }, r.added ? 201 : 200);
  });

  app.delete(`${base}/:id/support`, requireRole('resident'), async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const actor = c.get('actor');
    if (actor.kind !== 'resident') refuse(403, 'forbidden', { rule: 'support' });
    const r = await store.removeSupport(pack.id, c.req.param('id'), actorRef(actor).id);
    if (!r.found) refuse(404, 'unknown-proposal', { id: c.req.param('id').slice(0, 64) });
    return c.json({ supports: r.supports, supportedByMe: false, removed: r.removed });
  });

  return app;
}

function toFilter(pack: CityPack, q: { district?: string; status?: ProposalFilter['status']; kind?: string; bbox?: number[]; limit: number; offset: number; sort: ProposalFilter['sort'] }): ProposalFilter {
  if (q.district && !pack.districtById.has(q.district)) {
    refuse(400, 'invalid-input', { field: 'district', rule: 'not-a-district', value: q.district.slice(0, 100), town: pack.raw.manifest.name, allowed: pack.districts.map((d) => d.info.id) });
  }
  const kinds = pack.raw.manifest.proposals?.kinds ?? [];
  if (q.kind && !kinds.some((k) => k.id === q.kind)) {
    refuse(400, 'invalid-input', { field: 'kind', rule: 'kind-not-taken', value: q.kind.slice(0, 100), town: pack.raw.manifest.name, allowed: kinds.map((k) => k.id) });
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

/** A proposal by its id, or by its public number (`/proposals/123`, what links and people say). */
async function proposalOr404(store: ProposalStore, pack: CityPack, id: string) {
  const p = /^\d{1,15}$/.test(id) ? await store.proposalByNumber(pack.id, Number(id)) : /^[\w-]{1,64}$/.test(id) ? await store.getProposal(pack.id, id) : null;
  if (!p) refuse(404, 'unknown-proposal', { id: id.slice(0, 64), town: pack.raw.manifest.name });
  return p;
}

/** A resident's token works in one town: the one it was made for, or the first it wrote in. */
async function scopeToTown(store: AccountStore, actor: Extract<Actor, { kind: 'resident' }>, pack: CityPack) {
  const city = actor.city ?? (await store.bindResidentCity(actor.id, pack.id));
  if (city !== pack.id) {
    refuse(403, 'wrong-town', { city: pack.id, town: pack.raw.manifest.name, tokenCity: city ?? '' });
  }
}

/** Lets the event loop answer other requests (an embedded store's reads are synchronous). */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** At most `max` holders at once, `queue` waiting; a full queue is refused by `full` (unless forced to wait). */
function semaphore(max: number, queue: number, full: (queued: number) => never) {
  let held = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else held--;
  };
  return {
    /** `force`: wait whatever the queue (an export's next page: exports are few, their own slots bound them). */
    async acquire(force = false): Promise<() => void> {
      if (held < max) {
        held++;
        return release;
      }
      if (waiting.length >= queue && !force) full(waiting.length);
      await new Promise<void>((resolve) => waiting.push(resolve));
      return release;
    },
  };
}
