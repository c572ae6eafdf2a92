/**
 * The layer import for admins, in two steps. Upload: POST the raw file as the body to
 * /admin/cities/:city/import?layer=… and get the report and a short-lived import id; the
 * features wait in the store (any server may confirm them). Confirm: POST
 * /admin/cities/:city/import/:importId/confirm proves the pack still loads with the layer,
 * stores the layer's GeoJSON and swaps the pack in; every other server serves it from its next
 * request (PackSync). The pack folder is never written: the store holds imported layers. The
 * upload is never trusted: its size is capped (413), its format is sniffed from its bytes, and
 * zip archives are unpacked under limits.
 *
 * Uploads are larger than the API's JSON body limit, so this router brings its own guards
 * (actor, write rate limit, admin role, then the upload limit) and is mounted on the app
 * before the /api router.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { writeBodyLimit } from '../http/write-body-limit.ts';
import { resolveActor, type ActorEnv } from '../auth/actor.ts';
import { clientKey, rateLimitWrites, requireRole } from '../auth/guards.ts';
import { refuse } from '../http/api-error.ts';
import { packOr404, packSyncOf, workOf, type AppDeps } from '../http/deps.ts';
import { ImportError, importErrorStatus } from '../import/import-error.ts';
import { layerFileText, type ImportOptions, type ImportOutcome, type ImportReport } from '../import/import-layer.ts';
import { runJob } from '../work/work.ts';
import { targetFromPack } from '../import/import-target.ts';
import { parseAssignments } from '../import/map-properties.ts';
import { importQueryOptions } from '../import/query-options.ts';
import { loadPack, type CityPack } from '../packs/load-packs.ts';
import { PackErrors } from '../packs/pack-error.ts';
import type { PackFeature } from '../packs/types.ts';

export interface ImportRoutesOptions {
  /** Largest upload accepted, in bytes. */
  maxBytes: number;
  /** How long an upload waits for its confirmation. */
  ttlMs: number;
  /** Uploads kept waiting at once (the oldest is dropped first). */
  maxPending: number;
  /** Report items sent back at most (refused and repaired first). */
  maxItems: number;
}

// Pending uploads wait in the store until confirmed: few (maxPending), briefly (ttlMs), and
// bounded in features overall (MAX_PENDING_FEATURES) — caps the store enforces across servers.
const DEFAULTS: ImportRoutesOptions = { maxBytes: 50 * 1024 * 1024, ttlMs: 10 * 60_000, maxPending: 3, maxItems: 2000 };
const MAX_PENDING_FEATURES = 200_000;
/** Confirms that lose the race for one layer to another server's are tried again this often. */
const SAVE_ATTEMPTS = 3;


export function importRoutes(deps: AppDeps, options: Partial<ImportRoutesOptions> = {}) {
  const opts = { ...DEFAULTS, ...options };
  const app = new Hono<ActorEnv>();
  let writing: Promise<unknown> = Promise.resolve();

  const guards = [
    resolveActor(deps.store),
    rateLimitWrites(deps.store, { max: deps.config.RATE_LIMIT_WRITES, windowMs: 60_000, trustProxy: deps.config.TRUST_PROXY }),
    requireRole('admin'),
  ] as const;
  const uploadLimit = bodyLimit({
    maxSize: opts.maxBytes,
    onError: () => refuse(413, 'upload-too-large', { maxMiB: opts.maxBytes / 1024 / 1024 }),
  });

  app.post('/admin/cities/:city/import', ...guards, uploadLimit, async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const type = c.req.header('content-type') ?? '';
    if (/^(multipart\/|application\/x-www-form-urlencoded)/i.test(type)) {
      refuse(415, 'unsupported-media-type', { rule: 'file' });
    }
    const layerId = c.req.query('layer');
    if (!layerId) refuse(400, 'invalid-input', { field: 'layer', rule: 'layer-required' });
    const mode = c.req.query('mode') ?? 'replace';
    if (mode !== 'replace' && mode !== 'append') refuse(400, 'invalid-input', { field: 'mode', rule: 'one-of', allowed: ['replace', 'append'] });
    const name = path.basename(c.req.query('name') ?? 'upload').replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 100) || 'upload';

    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length > opts.maxBytes) refuse(413, 'upload-too-large', { maxMiB: opts.maxBytes / 1024 / 1024 });

    let result: ImportOutcome;
    try {
      const target = targetFromPack(pack, layerId);
      const { clip, ...open } = importQueryOptions(c.req.query(), c.req.queries('where') ?? []);
      const options: ImportOptions = {
        ...open,
        clipTo: clip && target.boundary ? target.boundary : undefined,
        mode,
        surface: 'api',
        from: c.req.query('from'),
        encoding: c.req.query('encoding'),
        idFrom: c.req.query('idFrom'),
        map: parseAssignments(c.req.queries('map') ?? [], 'map', ':='),
        set: parseAssignments(c.req.queries('set') ?? [], 'set', ':='),
      };
      // Reading, reprojecting and checking run in the import worker, with a time and heap budget.
      const work = workOf(deps);
      result = await runJob<ImportOutcome>(work, clientKey(c, deps.config.TRUST_PROXY), 'imports', 'importLayer', { files: [{ name, bytes }], target, options }, {
        timeMs: work.config.IMPORT_TIME_MS,
        transfer: [bytes.buffer as ArrayBuffer],
      });
    } catch (e) {
      if (e instanceof ImportError) result = { ok: false as const, error: { code: e.code, message: e.message, params: e.params } };
      else throw e;
    }
    if (!result.ok) {
      refuse(importErrorStatus(result.error.code), result.error.code, result.error.params);
    }

    let importId: string | null = null;
    let expiresAt: string | null = null;
    if (result.features.length > 0) {
      const now = Date.now();
      importId = randomUUID();
      expiresAt = new Date(now + opts.ttlMs).toISOString();
      const createdAt = new Date(now).toISOString();
      await deps.store.putPendingImport(
        { id: importId, city: pack.id, layer: layerId, mode, name, features: result.features, refused: result.report.refused, createdAt, expiresAt },
        { maxPending: opts.maxPending, maxFeatures: MAX_PENDING_FEATURES },
        createdAt,
      );
    }
    const report = trimItems(result.report, opts.maxItems);
    return c.json({ importId, expiresAt, report });
  });

  // Confirming takes no body: anything sent is held to the JSON write limit, unread.
  app.post('/admin/cities/:city/import/:importId/confirm', writeBodyLimit(), ...guards, async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    // Read, not taken: the save that stores the layer takes the upload in its own transaction,
    // so a refusal (pack-invalid, import-conflict) or an outage leaves it to confirm again.
    const job = await deps.store.pendingImport(pack.id, c.req.param('importId'), new Date().toISOString());
    if (!job) {
      refuse(404, 'unknown-import');
    }
    const features = job.features as PackFeature[];
    const run = writing.then(() => saveLayer(deps, job.city, job.layer, features, job.mode, job.id));
    writing = run.catch(() => undefined);
    const out = await run;
    if (!out.ok) {
      refuse(409, 'pack-invalid', { city: job.city, problem: out.problems[0] ?? '' }, { problems: out.problems.slice(0, 50) });
    }
    const actor = c.get('actor');
    const count = out.pack.layers.get(job.layer)?.features.length ?? 0;
    if (actor.kind === 'user') {
      await deps.store.audit({
        at: new Date().toISOString(),
        actor: { kind: 'user', id: actor.id, name: actor.name },
        action: 'layer.import',
        target: `layer:${job.city}/${job.layer}`,
        details: { file: job.name, mode: job.mode, imported: features.length, refused: job.refused, features: count },
      });
    }
    return c.json({ city: job.city, layer: job.layer, mode: job.mode, imported: features.length, features: count });
  });

  return app;
}

type SaveOutcome = { ok: true; pack: CityPack } | { ok: false; problems: string[] };

/**
 * Builds the layer's file on the town's current pack (for append: its current features), proves
 * the pack loads with it, and stores it unless another server imported into the same layer
 * meanwhile — then it starts again on the newer layer. Storing the layer takes the waiting
 * upload `pendingId` in the same transaction.
 */
async function saveLayer(deps: AppDeps, city: string, layer: string, features: PackFeature[], mode: 'replace' | 'append', pendingId: string): Promise<SaveOutcome> {
  const sync = packSyncOf(deps);
  for (let attempt = 1; ; attempt++) {
    await sync.refresh();
    const basedOn = sync.version;
    const current = packOr404(deps, city);
    const target = targetFromPack(current, layer);
    const text = layerFileText(target, features, mode);
    let pack: CityPack;
    try {
      pack = await loadPack(current.raw.dir, new Map([...sync.layerTexts(city), [layer, text]]));
    } catch (e) {
      if (e instanceof PackErrors) return { ok: false, problems: e.errors.map((p) => p.message) };
      throw e;
    }
    const saved = await deps.store.saveImportedLayer({ city, layer, text, importedAt: new Date().toISOString() }, basedOn, pendingId);
    // Confirmed by another request meanwhile (this server or another): stored once, by that one.
    if (saved.importGone) refuse(404, 'unknown-import');
    if (saved.ok) {
      sync.adopt(city, layer, text, saved.version, pack);
      return { ok: true, pack };
    }
    if (attempt >= SAVE_ATTEMPTS) refuse(409, 'import-conflict', { city, layer });
  }
}

/** The report with at most `max` items: refused first, then repaired, then accepted. */
function trimItems(report: ImportReport, max: number): ImportReport & { itemsOmitted: number } {
  if (report.items.length <= max) return { ...report, itemsOmitted: 0 };
  const rank = { refused: 0, repaired: 1, skipped: 2, accepted: 3 } as const;
  const items = [...report.items].sort((a, b) => rank[a.status] - rank[b.status]).slice(0, max);
  return { ...report, items, itemsOmitted: report.items.length - items.length };
}
