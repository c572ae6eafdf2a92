/**
 * The layer import for admins, in two steps. Upload: POST the raw file as the body to
 * /admin/cities/:city/import?layer=… and get the report and a short-lived import id; nothing
 * is written. Confirm: POST /admin/cities/:city/import/:importId/confirm writes the layer
 * file, reloads the pack and swaps it in. The upload is never trusted: its size is capped
 * (413), its format is sniffed from its bytes, and zip archives are unpacked under limits.
 *
 * Uploads are larger than the API's JSON body limit, so this router brings its own guards
 * (actor, write rate limit, admin role, then the upload limit) and is mounted on the app
 * before the /api router.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { resolveActor, type ActorEnv } from '../auth/actor.ts';
import { clientKey, rateLimitWrites, requireRole } from '../auth/guards.ts';
import { refuse } from '../http/api-error.ts';
import { packOr404, workOf, type AppDeps } from '../http/deps.ts';
import { ImportError, type ImportErrorCode } from '../import/import-error.ts';
import { layerFileText, type ImportOptions, type ImportOutcome, type ImportReport } from '../import/import-layer.ts';
import { runJob } from '../work/work.ts';
import { targetFromPack } from '../import/import-target.ts';
import { parseAssignments } from '../import/map-properties.ts';
import { importQueryOptions } from '../import/query-options.ts';
import { writeLayer } from '../import/write-layer.ts';
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

// Pending uploads hold their features in memory until confirmed: few, briefly, and bounded in
// features overall (MAX_PENDING_FEATURES), so waiting imports cannot fill the server's memory.
const DEFAULTS: ImportRoutesOptions = { maxBytes: 50 * 1024 * 1024, ttlMs: 10 * 60_000, maxPending: 3, maxItems: 2000 };
const MAX_PENDING_FEATURES = 200_000;

interface Pending {
  id: string;
  city: string;
  layer: string;
  mode: 'replace' | 'append';
  name: string;
  features: PackFeature[];
  refused: number;
  expires: number;
}

const STATUS: Partial<Record<ImportErrorCode, ContentfulStatusCode>> = { 'unknown-layer': 404, 'bad-option': 400, 'too-large': 413, 'too-many-features': 413, 'too-many-vertices': 413 };

export function importRoutes(deps: AppDeps, options: Partial<ImportRoutesOptions> = {}) {
  const opts = { ...DEFAULTS, ...options };
  const app = new Hono<ActorEnv>();
  const pending = new Map<string, Pending>();
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
      refuse(STATUS[result.error.code] ?? 422, result.error.code, result.error.params);
    }

    const now = Date.now();
    for (const [id, p] of pending) if (p.expires < now) pending.delete(id);
    let importId: string | null = null;
    let expiresAt: string | null = null;
    if (result.features.length > 0) {
      const held = () => [...pending.values()].reduce((n, p) => n + p.features.length, 0);
      while (pending.size > 0 && (pending.size >= opts.maxPending || held() + result.features.length > MAX_PENDING_FEATURES)) pending.delete(pending.keys().next().value!);
      importId = randomUUID();
      const expires = now + opts.ttlMs;
      expiresAt = new Date(expires).toISOString();
      pending.set(importId, { id: importId, city: pack.id, layer: layerId, mode, name, features: result.features, refused: result.report.refused, expires });
    }
    const report = trimItems(result.report, opts.maxItems);
    return c.json({ importId, expiresAt, report });
  });

  app.post('/admin/cities/:city/import/:importId/confirm', ...guards, async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const job = pending.get(c.req.param('importId'));
    if (!job || job.city !== pack.id || job.expires < Date.now()) {
      refuse(404, 'unknown-import');
    }
    pending.delete(job.id);
    const run = writing.then(async () => {
      const current = packOr404(deps, job.city);
      const target = targetFromPack(current, job.layer);
      const out = await writeLayer(target, layerFileText(target, job.features, job.mode));
      if (out.ok) deps.packs.set(job.city, out.pack);
      return out;
    });
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
        details: { file: job.name, mode: job.mode, imported: job.features.length, refused: job.refused, features: count },
      });
    }
    return c.json({ city: job.city, layer: job.layer, mode: job.mode, imported: job.features.length, features: count });
  });

  return app;
}

/** The report with at most `max` items: refused first, then repaired, then accepted. */
function trimItems(report: ImportReport, max: number): ImportReport & { itemsOmitted: number } {
  if (report.items.length <= max) return { ...report, itemsOmitted: 0 };
  const rank = { refused: 0, repaired: 1, skipped: 2, accepted: 3 } as const;
  const items = [...report.items].sort((a, b) => rank[a.status] - rank[b.status]).slice(0, max);
  return { ...report, items, itemsOmitted: report.items.length - items.length };
}
