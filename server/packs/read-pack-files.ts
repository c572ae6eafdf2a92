/**
 * Reads a city pack folder into raw, schema-checked values. The only pack code that
 * touches the file system; every later step works on these values.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { PackError, PackErrors } from './pack-error.ts';
import {
  BoundaryProps,
  ContextFeatureProps,
  DistrictProps,
  FeatureCollectionShape,
  GEOMETRY_BY_KIND,
  Goals,
  Manifest,
  AreaGeometry,
  Species,
  StrategyFeatureProps,
  Undertakings,
  featureOf,
} from './schema.ts';
import type { RawPack, PackFeature } from './types.ts';
import { parseStory } from './story.ts';

/**
 * Reads and parses every file of the pack in `dir`; throws PackErrors listing every problem.
 * `layerTexts` (layer id → GeoJSON text) stand in for those layers' files: layers imported by
 * an admin, kept in the store.
 */
export async function readPackFiles(dir: string, layerTexts: ReadonlyMap<string, string> = new Map()): Promise<RawPack> {
  const errors: PackError[] = [];
  const rel = (f: string) => path.join(path.basename(dir), f);

  const manifest = parseWith(Manifest, await readJson(dir, 'manifest.json', errors), rel('manifest.json'), errors);
  const goals = parseWith(Goals, await readJson(dir, 'goals.json', errors), rel('goals.json'), errors);
  const undertakings = parseWith(Undertakings, await readJson(dir, 'undertakings.json', errors), rel('undertakings.json'), errors);
  const boundary = featuresOf(await readJson(dir, 'boundary.geojson', errors), rel('boundary.geojson'), featureOf(AreaGeometry, BoundaryProps), errors);
  const districts = featuresOf(await readJson(dir, 'districts.geojson', errors), rel('districts.geojson'), featureOf(AreaGeometry, DistrictProps), errors);

  const needsSpecies = manifest?.proposals?.kinds.some((k) => k.needsSpecies) ?? false;
  const species = needsSpecies ? parseWith(Species, await readJson(dir, 'species.json', errors), rel('species.json'), errors) : [];

  // story.json is optional: absent means the pack has no presentation.
  const story = (await exists(path.join(dir, 'story.json'))) ? parseStory(await readJson(dir, 'story.json', errors), rel('story.json'), errors) : null;

  const layers: RawPack['layers'] = [];
  if (manifest) {
    for (const entry of manifest.layers) {
      const propsSchema = entry.role === 'strategy' ? StrategyFeatureProps : ContextFeatureProps;
      const schema = featureOf(GEOMETRY_BY_KIND[entry.kind], propsSchema);
      const text = layerTexts.get(entry.id);
      const json = text === undefined ? await readJson(dir, entry.file, errors) : parseJson(text, rel(entry.file), errors);
      const features = featuresOf(json, rel(entry.file), schema, errors);
      if (features) layers.push({ entry, features });
    }
    await reportStrayLayerFiles(dir, manifest.layers.map((l) => l.file), errors);
  }

  if (boundary && boundary.length !== 1) {
    errors.push(new PackError(rel('boundary.geojson'), `must hold exactly one feature, found ${boundary.length}`));
  }
  if (errors.length > 0 || !manifest || !goals || !undertakings || !boundary || !districts || !species) {
    throw new PackErrors(errors);
  }
  return {
    dir,
    manifest,
    goals,
    undertakings,
    species,
    boundary: boundary[0]! as RawPack['boundary'],
    districts: districts as RawPack['districts'],
    layers,
    story: story ?? null,
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function readJson(dir: string, file: string, errors: PackError[]): Promise<unknown> {
  const rel = path.join(path.basename(dir), file);
  let text: string;
  try {
    text = await readFile(path.join(dir, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    errors.push(new PackError(rel, code === 'ENOENT' ? 'file is missing' : `cannot be read (${code ?? 'unknown error'})`));
    return undefined;
  }
  return parseJson(text, rel, errors);
}

function parseJson(text: string, rel: string, errors: PackError[]): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    errors.push(new PackError(rel, `is not valid JSON: ${(e as Error).message}`));
    return undefined;
  }
}

function parseWith<T>(schema: z.ZodType<T>, json: unknown, file: string, errors: PackError[]): T | undefined {
  if (json === undefined) return undefined;
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  for (const issue of r.error.issues.slice(0, 20)) {
    errors.push(new PackError(file, `${formatPath(issue.path)}: ${issue.message}`));
  }
  return undefined;
}

/** Validates each feature separately so the message names the feature by its id. */
function featuresOf(json: unknown, file: string, schema: z.ZodTypeAny, errors: PackError[]): PackFeature[] | undefined {
  if (json === undefined) return undefined;
  const shape = FeatureCollectionShape.safeParse(json);
  if (!shape.success) {
    errors.push(new PackError(file, 'must be a GeoJSON FeatureCollection with a "features" array'));
    return undefined;
  }
  const out: PackFeature[] = [];
  let ok = true;
  shape.data.features.forEach((raw, i) => {
    const label = featureLabel(raw, i);
    const r = schema.safeParse(raw);
    if (!r.success) {
      ok = false;
      for (const issue of r.error.issues.slice(0, 5)) {
        errors.push(new PackError(file, `${formatPath(issue.path)}: ${issue.message}`, label));
      }
    } else {
      out.push(r.data as PackFeature);
    }
  });
  return ok ? out : undefined;
}

function featureLabel(raw: unknown, index: number): string {
  const id = (raw as { properties?: { id?: unknown } } | null)?.properties?.id;
  return typeof id === 'string' ? `"${id}" (#${index})` : `#${index}`;
}

function formatPath(p: PropertyKey[]): string {
  return p.length === 0 ? '(root)' : p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '');
}

/** A GeoJSON file in layers/ that the manifest does not list is almost always a mistake. */
async function reportStrayLayerFiles(dir: string, listed: string[], errors: PackError[]) {
  const layersDir = path.join(dir, 'layers');
  try {
    if (!(await stat(layersDir)).isDirectory()) return;
  } catch {
    return;
  }
  for (const f of await readdir(layersDir)) {
    if (f.endsWith('.geojson') && !listed.includes(`layers/${f}`)) {
      errors.push(new PackError(path.join(path.basename(dir), 'layers', f), 'is not listed in manifest.json "layers"'));
    }
  }
}
