/**
 * A city's story (data/<city>/story.json): parsed chapter by chapter so every message names
 * the chapter, then cross-checked against the pack (layers, features, districts, camera).
 * The file is optional: a pack without it simply has no presentation.
 */
import { z } from 'zod';
import { PackError } from './pack-error.ts';
import { Story, StoryChapter } from './schema.ts';
import type { RawPack } from './types.ts';

const StoryShape = z.object({ title: z.unknown(), chapters: z.array(z.unknown()).min(1).max(60) }).passthrough();

/** `chapter 3 "zalew"` — how messages name a chapter (1-based, as in the URL #story/3). */
function chapterLabel(raw: unknown, index: number): string {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? `chapter ${index + 1} "${id}"` : `chapter ${index + 1}`;
}

function formatPath(p: PropertyKey[]): string {
  return p.length === 0 ? '(root)' : p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '');
}

/**
 * Parses story.json; pushes one PackError per problem (naming the chapter) and returns
 * undefined when anything is wrong.
 */
export function parseStory(json: unknown, file: string, errors: PackError[]): Story | undefined {
  if (json === undefined) return undefined;
  const shape = StoryShape.safeParse(json);
  if (!shape.success) {
    for (const issue of shape.error.issues.slice(0, 5)) errors.push(new PackError(file, `${formatPath(issue.path)}: ${issue.message}`));
    return undefined;
  }
  let ok = true;
  shape.data.chapters.forEach((raw, i) => {
    const r = StoryChapter.safeParse(raw);
    if (r.success) return;
    ok = false;
    for (const issue of r.error.issues.slice(0, 5)) {
      errors.push(new PackError(file, `${chapterLabel(raw, i)}: ${formatPath(issue.path)}: ${issue.message}`));
    }
  });
  if (!ok) return undefined;
  const whole = Story.safeParse(json);
  if (!whole.success) {
    for (const issue of whole.error.issues.slice(0, 5)) errors.push(new PackError(file, `${formatPath(issue.path)}: ${issue.message}`));
    return undefined;
  }
  return whole.data;
}

/** Cross-file rules of a story: every id it names exists in the pack, and every camera looks at the town. */
export function storyProblems(pack: RawPack, file: string): PackError[] {
  const story = pack.story;
  if (!story) return [];
  const errors: PackError[] = [];
  const layerIds = new Set(pack.manifest.layers.map((l) => l.id));
  const featureIds = new Set(pack.layers.flatMap((l) => l.features.map((f) => f.properties.id)));
  const districtIds = new Set(pack.districts.map((d) => d.properties.id));
  const undertakingIds = new Set(pack.undertakings.map((u) => u.id));
  const goalCodes = new Set(pack.goals.strategic.map((g) => g.code));
  // The map refuses to leave the pack's bounds padded by 60 % (see the map view); a camera outside them is a mistake.
  const [w, s, e, n] = pack.manifest.bounds;
  const dx = (e - w) * 0.6;
  const dy = (n - s) * 0.6;
  const seen = new Set<string>();

  story.chapters.forEach((c, i) => {
    const at = (problem: string) => errors.push(new PackError(file, `${chapterLabel(c, i)}: ${problem}`));
    if (seen.has(c.id)) at('chapter id is used twice');
    seen.add(c.id);
    for (const l of c.layers) if (!layerIds.has(l)) at(`unknown layer "${l}" (layers: ${[...layerIds].join(', ')})`);
    for (const f of c.highlight) if (!featureIds.has(f) && !districtIds.has(f)) at(`unknown feature "${f}" in "highlight"`);
    if (c.district && !districtIds.has(c.district)) at(`unknown district "${c.district}" (districts: ${[...districtIds].join(', ')})`);
    if (c.undertaking && !undertakingIds.has(c.undertaking)) at(`unknown undertaking "${c.undertaking}"`);
    if (c.goal && !goalCodes.has(c.goal)) at(`unknown strategic goal "${c.goal}"`);
    const [lon, lat] = c.camera.center;
    if (lon < w - dx || lon > e + dx || lat < s - dy || lat > n + dy) {
      at(`camera.center [${lon}, ${lat}] is outside the pack's bounds [${pack.manifest.bounds.join(', ')}]`);
    }
  });
  return errors;
}
