/**
 * Limits of one import, checked right after a file is read and before any geometry work
 * (normalising, reprojecting, crossing checks), so a file too big for the job is refused in
 * milliseconds instead of occupying a worker: features, vertices in one feature, vertices in all.
 */
import { ImportError } from './import-error.ts';
import type { RawFeature } from './types.ts';

export interface ImportCaps {
  features: number;
  verticesPerFeature: number;
  vertices: number;
}

export const IMPORT_CAPS: ImportCaps = { features: 100_000, verticesPerFeature: 50_000, vertices: 2_000_000 };

/** Throws ImportError('too-many-features' | 'too-many-vertices') naming the limit and the feature. */
export function checkImportCaps(features: RawFeature[], name: string, caps: ImportCaps = IMPORT_CAPS, alreadyVertices = 0): number {
  if (features.length > caps.features) throw tooManyFeatures(features.length, name, caps);
  let total = alreadyVertices;
  for (const f of features) {
    const n = countVertices(f.geometry, caps.verticesPerFeature + 1);
    if (n > caps.verticesPerFeature) {
      throw new ImportError('too-many-vertices', {
        rule: 'feature',
        max: caps.verticesPerFeature,
        field: 'verticesPerFeature',
        feature: f.label,
      });
    }
    total += n;
    if (total > caps.vertices) {
      throw new ImportError('too-many-vertices', { rule: 'file', file: name, max: caps.vertices, field: 'vertices' });
    }
  }
  return total;
}

export function tooManyFeatures(count: number, name: string, caps: ImportCaps = IMPORT_CAPS): ImportError {
  return new ImportError('too-many-features', {
    file: name,
    max: caps.features,
    field: 'features',
    count,
  });
}

/** Positions in a GeoJSON-like geometry, counting no further than `stopAt`; no recursion on the input's depth. */
export function countVertices(geometry: unknown, stopAt = Infinity): number {
  const g = geometry as { type?: unknown; coordinates?: unknown; geometries?: unknown } | null;
  if (!g || typeof g !== 'object') return 0;
  if (g.type === 'GeometryCollection' && Array.isArray(g.geometries)) {
    let n = 0;
    for (const x of g.geometries) {
      n += countVertices(x, stopAt - n);
      if (n >= stopAt) return n;
    }
    return n;
  }
  let n = 0;
  const stack: unknown[] = [g.coordinates];
  while (stack.length && n < stopAt) {
    const c = stack.pop();
    if (!Array.isArray(c)) continue;
    if (typeof c[0] === 'number') n++;
    else for (const x of c) stack.push(x);
  }
  return n;
}
