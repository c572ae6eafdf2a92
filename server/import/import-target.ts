/**
 * What an import needs to know about the pack it writes into: the layer's manifest entry
 * (role and kind decide the schema), the goal and undertaking codes features may name, the
 * ids already used elsewhere in the pack, and the layer's current features (for --append).
 * Built from a loaded pack (the server) or read leniently from the folder (the CLI), so a
 * layer whose file does not exist yet can still be imported.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { CityPack } from '../packs/load-packs.ts';
import { AreaGeometry, Goals, Manifest, Undertakings, type LayerEntry } from '../packs/schema.ts';
import { ImportError } from './import-error.ts';

export interface ImportTarget {
  city: string;
  /** The pack folder. */
  dir: string;
  layer: LayerEntry;
  bounds: [number, number, number, number];
  /** Operational goal codes of goals.json; null when it cannot be read (the pack check reports it). */
  goalCodes: Set<string> | null;
  undertakingIds: Set<string> | null;
  /** Feature ids used outside this layer → where ("layer parks", "districts.geojson"). */
  idsElsewhere: Map<string, string>;
  /** The layer's features as they are now (for --append); [] when its file is missing. */
  existing: unknown[];
  /** The town boundary as it is now (to clip to, and to warn about features outside it); null when unreadable. */
  boundary?: Feature<Polygon | MultiPolygon> | null;
  /** "boundary": the import replaces boundary.geojson instead of a layer (see boundaryTarget). */
  into?: 'layer' | 'boundary';
}

/**
 * @example
 * const target = targetFromPack(deps.packs.get('mini')!, 'parks');
 */
export function targetFromPack(pack: CityPack, layerId: string): ImportTarget {
  const raw = pack.raw;
  const entry = raw.manifest.layers.find((l) => l.id === layerId);
  if (!entry) throw unknownLayer(raw.manifest.id, layerId, raw.manifest.layers);
  const idsElsewhere = new Map<string, string>();
  for (const d of raw.districts) idsElsewhere.set(d.properties.id, 'districts.geojson');
  for (const l of raw.layers) {
    if (l.entry.id !== layerId) for (const f of l.features) idsElsewhere.set(f.properties.id, l.entry.id);
  }
  return {
    city: raw.manifest.id,
    dir: raw.dir,
    layer: entry,
    bounds: raw.manifest.bounds,
    goalCodes: new Set(raw.goals.strategic.flatMap((g) => g.operational.map((o) => o.code))),
    undertakingIds: new Set(raw.undertakings.map((u) => u.id)),
    idsElsewhere,
    existing: raw.layers.find((l) => l.entry.id === layerId)?.features ?? [],
    boundary: raw.boundary,
  };
}

/**
 * Reads the target from the pack folder `dir`; only manifest.json must be valid.
 * Throws ImportError('unknown-layer') when the manifest has no such layer.
 */
export async function readTarget(dir: string, layerId: string): Promise<ImportTarget> {
  const manifestJson = await readJson(path.join(dir, 'manifest.json'));
  if (manifestJson === undefined) throw new ImportError('unknown-layer', { rule: 'not-a-pack', file: path.join(dir, 'manifest.json'), dir });
  const parsed = Manifest.safeParse(manifestJson);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ImportError('unknown-layer', { rule: 'pack-manifest', file: path.join(dir, 'manifest.json'), problem: `${issue.path.join('.')}: ${issue.message}` });
  }
  const manifest = parsed.data;
  const entry = manifest.layers.find((l) => l.id === layerId);
  if (!entry) throw unknownLayer(manifest.id, layerId, manifest.layers);

  const goals = Goals.safeParse(await readJson(path.join(dir, 'goals.json')));
  const undertakings = Undertakings.safeParse(await readJson(path.join(dir, 'undertakings.json')));
  const idsElsewhere = new Map<string, string>();
  for (const id of featureIds(await readJson(path.join(dir, 'districts.geojson')))) idsElsewhere.set(id, 'districts.geojson');
  let existing: unknown[] = [];
  for (const l of manifest.layers) {
    const json = await readJson(path.join(dir, l.file));
    if (l.id === layerId) existing = Array.isArray((json as { features?: unknown })?.features) ? (json as { features: unknown[] }).features : [];
    else for (const id of featureIds(json)) idsElsewhere.set(id, l.id);
  }
  return {
    city: manifest.id,
    dir,
    layer: entry,
    bounds: manifest.bounds,
    goalCodes: goals.success ? new Set(goals.data.strategic.flatMap((g) => g.operational.map((o) => o.code))) : null,
    undertakingIds: undertakings.success ? new Set(undertakings.data.map((u) => u.id)) : null,
    idsElsewhere,
    existing,
    boundary: boundaryOf(await readJson(path.join(dir, 'boundary.geojson'))),
  };
}

/**
 * The target for replacing the town boundary: a one-polygon "layer" written to boundary.geojson,
 * its feature id the town's id, its properties checked against the boundary schema.
 */
export async function boundaryTarget(dir: string): Promise<ImportTarget> {
  const manifestJson = await readJson(path.join(dir, 'manifest.json'));
  const parsed = Manifest.safeParse(manifestJson);
  if (!parsed.success) throw new ImportError('unknown-layer', { rule: 'not-a-pack', file: path.join(dir, 'manifest.json'), dir });
  const first = parsed.data.layers[0]!;
  const base = await readTarget(dir, first.id);
  const idsElsewhere = new Map(base.idsElsewhere);
  for (const f of base.existing) {
    const id = (f as { properties?: { id?: unknown } })?.properties?.id;
    if (typeof id === 'string') idsElsewhere.set(id, first.id);
  }
  const layer: LayerEntry = { id: 'boundary', title: 'Granica miasta', role: 'context', kind: 'area', file: 'boundary.geojson' as LayerEntry['file'], description: '', legend: { color: '#000000' }, visible: true };
  return { ...base, layer, idsElsewhere, existing: [], into: 'boundary' };
}

function boundaryOf(json: unknown): Feature<Polygon | MultiPolygon> | null {
  const f = (json as { features?: unknown[] } | undefined)?.features?.[0] as Feature | undefined;
  return f && AreaGeometry.safeParse(f.geometry).success ? (f as Feature<Polygon | MultiPolygon>) : null;
}

function unknownLayer(city: string, layerId: string, layers: LayerEntry[]): ImportError {
  return new ImportError('unknown-layer', { rule: 'manifest', city, layer: layerId.slice(0, 100), known: layers.map((l) => l.id) });
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function featureIds(json: unknown): string[] {
  const features = (json as { features?: unknown } | undefined)?.features;
  if (!Array.isArray(features)) return [];
  return features.map((f) => (f as { properties?: { id?: unknown } })?.properties?.id).filter((id): id is string => typeof id === 'string');
}
