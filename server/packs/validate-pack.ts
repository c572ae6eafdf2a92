/**
 * Cross-file rules of a city pack: references resolve, ids are unique, polygons are
 * simple and closed, and the districts tile the town boundary. Returns every problem.
 */
import { area, featureCollection, intersect, union } from '@turf/turf';
import { findCrossing } from '../geo/find-crossing.ts';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { PackError } from './pack-error.ts';
import type { RawPack } from './types.ts';
import { storyProblems } from './story.ts';

/** Relative tolerance for the tiling: districts' union and sum of areas vs the boundary. */
const TILING_TOLERANCE = 0.001;

export function validatePack(pack: RawPack): PackError[] {
  const errors: PackError[] = [];
  const folder = pack.dir.split(/[\\/]/).filter(Boolean).pop() ?? pack.dir;
  const at = (f: string) => `${folder}/${f}`;

  if (pack.manifest.id !== folder) {
    errors.push(new PackError(at('manifest.json'), `id "${pack.manifest.id}" must equal the folder name "${folder}"`));
  }

  // Goals: codes unique, each operational code under its own strategic goal.
  const operational = new Set<string>();
  for (const g of pack.goals.strategic) {
    for (const o of g.operational) {
      if (!o.code.startsWith(`${g.code}.`)) errors.push(new PackError(at('goals.json'), `operational goal ${o.code} is listed under strategic goal ${g.code}`));
      if (operational.has(o.code)) errors.push(new PackError(at('goals.json'), `operational goal ${o.code} is listed twice`));
      operational.add(o.code);
    }
  }

  const layerIds = new Set(pack.manifest.layers.map((l) => l.id));
  if (layerIds.size !== pack.manifest.layers.length) errors.push(new PackError(at('manifest.json'), 'layer ids must be unique'));
  const undertakingIds = new Set(pack.undertakings.map((u) => u.id));
  if (undertakingIds.size !== pack.undertakings.length) errors.push(new PackError(at('undertakings.json'), 'undertaking ids must be unique'));

  for (const u of pack.undertakings) {
    for (const code of u.goals) {
      if (!operational.has(code)) errors.push(new PackError(at('undertakings.json'), `unknown operational goal "${code}"`, u.id));
    }
    for (const l of u.layers) {
      if (!layerIds.has(l)) errors.push(new PackError(at('undertakings.json'), `unknown layer "${l}"`, u.id));
    }
    for (const problem of figureIdProblems(u.figures)) errors.push(new PackError(at('undertakings.json'), problem, u.id));
    for (const f of u.figures) {
      if (f.target && !pack.manifest.targets.some((t) => t.id === f.target)) {
        errors.push(new PackError(at('undertakings.json'), `figure "${f.id ?? f.label}" is the unknown target "${f.target}"`, u.id));
      }
    }
  }
  for (const l of pack.manifest.layers) {
    if (l.undertaking && !undertakingIds.has(l.undertaking)) {
      errors.push(new PackError(at('manifest.json'), `layer "${l.id}" names unknown undertaking "${l.undertaking}"`));
    }
  }

  const targetIds = new Set(pack.manifest.targets.map((t) => t.id));
  const kindIds = new Set<string>();
  for (const k of pack.manifest.proposals?.kinds ?? []) {
    if (kindIds.has(k.id)) errors.push(new PackError(at('manifest.json'), `proposal kind "${k.id}" is listed twice`));
    kindIds.add(k.id);
    if (k.target && !targetIds.has(k.target)) errors.push(new PackError(at('manifest.json'), `proposal kind "${k.id}" counts towards unknown target "${k.target}"`));
    if (k.undertaking && !undertakingIds.has(k.undertaking)) {
      errors.push(new PackError(at('manifest.json'), `proposal kind "${k.id}" names unknown undertaking "${k.undertaking}" (undertakings.json has ${[...undertakingIds].slice(0, 3).join(', ')}…)`));
    }
  }
  if (new Set(pack.species.map((s) => s.id)).size !== pack.species.length) errors.push(new PackError(at('species.json'), 'species ids must be unique'));

  // Feature ids are unique across the pack: URLs and the strategy panel address features by id alone.
  const seen = new Map<string, string>();
  const claim = (id: string, file: string) => {
    const prev = seen.get(id);
    if (prev) errors.push(new PackError(file, `id is already used in ${prev}`, id));
    else seen.set(id, file);
  };
  for (const d of pack.districts) claim(d.properties.id, at('districts.geojson'));

  for (const { entry, features } of pack.layers) {
    const file = at(entry.file);
    for (const f of features) {
      const p = f.properties;
      claim(p.id, file);
      if ('goals' in p) {
        for (const code of p.goals) {
          if (!operational.has(code)) errors.push(new PackError(file, `unknown operational goal "${code}" (goals.json has ${[...operational].slice(0, 3).join(', ')}…)`, p.id));
        }
        if (p.undertaking && !undertakingIds.has(p.undertaking)) errors.push(new PackError(file, `unknown undertaking "${p.undertaking}"`, p.id));
      }
      if (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') {
        errors.push(...polygonProblems(f as Feature<Polygon | MultiPolygon>, file, p.id));
      }
    }
  }

  errors.push(...polygonProblems(pack.boundary, at('boundary.geojson'), pack.boundary.properties.id));
  const districtIds = new Set<string>();
  let districtsSimple = true;
  for (const d of pack.districts) {
    if (districtIds.has(d.properties.id)) errors.push(new PackError(at('districts.geojson'), 'district id is used twice', d.properties.id));
    districtIds.add(d.properties.id);
    const problems = polygonProblems(d, at('districts.geojson'), d.properties.id);
    if (problems.length) districtsSimple = false;
    errors.push(...problems);
  }
  if (districtsSimple && pack.districts.length > 0) errors.push(...tilingProblems(pack, at('districts.geojson')));
  errors.push(...storyProblems(pack, at('story.json')));
  return errors;
}

/** Rings closed, at least 4 positions, no self-intersection. */
export function polygonProblems(f: Feature<Polygon | MultiPolygon>, file: string, id: string): PackError[] {
  const errors: PackError[] = [];
  const polygons: Position[][][] = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  polygons.forEach((rings, pi) =>
    rings.forEach((ring, ri) => {
      const first = ring[0]!;
      const last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        errors.push(new PackError(file, `ring ${ri} of polygon ${pi} is not closed (first position ${JSON.stringify(first)} ≠ last ${JSON.stringify(last)})`, id));
      }
    }),
  );
  if (errors.length) return errors;
  for (let pi = 0; pi < polygons.length; pi++) {
    const c = findCrossing(polygons[pi]!);
    if (c) {
      errors.push(new PackError(file, `polygon intersects itself at [${c.map((n) => +n.toFixed(6)).join(', ')}]`, id));
      break;
    }
  }
  return errors;
}

function tilingProblems(pack: RawPack, file: string): PackError[] {
  const errors: PackError[] = [];
  const boundaryM2 = area(pack.boundary);
  const ds = pack.districts;
  for (let i = 0; i < ds.length; i++) {
    for (let j = i + 1; j < ds.length; j++) {
      const overlap = intersect(featureCollection([ds[i]!, ds[j]!]));
      const m2 = overlap ? area(overlap) : 0;
      if (m2 > boundaryM2 * 1e-6) {
        errors.push(new PackError(file, `districts "${ds[i]!.properties.id}" and "${ds[j]!.properties.id}" overlap by ${m2.toFixed(0)} m²`));
      }
    }
  }
  const sum = ds.reduce((s, d) => s + area(d), 0);
  const merged = ds.length === 1 ? ds[0]! : union(featureCollection(ds));
  const inside = merged ? intersect(featureCollection([merged, pack.boundary])) : null;
  const insideM2 = inside ? area(inside) : 0;
  if (Math.abs(sum - boundaryM2) > boundaryM2 * TILING_TOLERANCE || Math.abs(insideM2 - boundaryM2) > boundaryM2 * TILING_TOLERANCE) {
    errors.push(
      new PackError(
        file,
        `districts do not tile the boundary: districts cover ${(sum / 1e6).toFixed(3)} km², of which ${(insideM2 / 1e6).toFixed(3)} km² inside the boundary of ${(boundaryM2 / 1e6).toFixed(3)} km² (gaps or overlaps beyond ${TILING_TOLERANCE * 100}%)`,
      ),
    );
  }
  return errors;
}

/** Figure ids are unique in an undertaking, but the two ends of one range (range-min, range-max, same unit) share theirs. */
export function figureIdProblems(figures: { id?: string; unit: string; qualifier?: string }[]): string[] {
  const problems: string[] = [];
  const byId = new Map<string, typeof figures>();
  for (const f of figures) if (f.id) byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
  for (const [id, fs] of byId) {
    if (fs.length === 1) continue;
    const range = fs.length === 2 && fs.some((f) => f.qualifier === 'range-min') && fs.some((f) => f.qualifier === 'range-max') && fs[0]!.unit === fs[1]!.unit;
    if (!range) problems.push(`figure id "${id}" is used ${fs.length} times (only the two ends of one range may share an id)`);
  }
  return problems;
}
