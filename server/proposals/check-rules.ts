/**
 * The rules a city pack sets for proposals, checked on the server before anything is stored
 * (spacing, which needs the other proposals, is checked by the store in the same transaction).
 */
import { area, booleanIntersects, booleanPointInPolygon, booleanWithin } from '@turf/turf';
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import type { ProposalKind } from '../packs/schema.ts';
import { countsOf, maxCountFor } from './kind-rules.ts';

export interface RuleContext {
  boundary: Feature<Polygon | MultiPolygon>;
  townName: string;
  /** Polygons a proposal may not touch, with their category (e.g. the reservoir's water). */
  forbidden: Feature<Polygon | MultiPolygon, { id: string; name: string; category: string }>[];
  kind: ProposalKind;
}

export interface RuleViolation {
  rule: 'outside-town' | 'in-forbidden-area' | 'count-not-one' | 'count-too-high' | 'area-too-large' | 'geometry-not-allowed';
  message: string;
  feature?: { id: string; name: string; category: string };
}

export function checkProposalRules(geometry: Point | Polygon, count: number, ctx: RuleContext): RuleViolation | null {
  const { kind } = ctx;
  if (!kind.geometries.includes(geometry.type)) {
    return { rule: 'geometry-not-allowed', message: `A ${kind.label} proposal must be ${kind.geometries.join(' or ')}, not ${geometry.type}.` };
  }
  if (!insideBoundary(geometry, ctx.boundary.geometry)) {
    return { rule: 'outside-town', message: `The ${geometry.type === 'Point' ? 'point' : 'area'} must lie entirely inside the boundary of ${ctx.townName}.` };
  }
  for (const f of ctx.forbidden) {
    if (!kind.rules.forbiddenContext.includes(f.properties.category as never)) continue;
    if (booleanIntersects(geometry, f)) {
      return { rule: 'in-forbidden-area', message: `It touches ${f.properties.name} (${f.properties.category}): proposals are not allowed there.`, feature: f.properties };
    }
  }
  // A site kind (see kind-rules.ts): every proposal, point or area, is one site.
  if (countsOf(kind) === 'sites' && count !== 1) {
    return { rule: 'count-not-one', message: `A ${kind.label} proposal is one site: count must be 1.` };
  }
  if (geometry.type === 'Point') {
    if (count !== 1) return { rule: 'count-not-one', message: `A point stands for one ${kind.label}: count must be 1 (draw an area for more).` };
    return null;
  }
  const m2 = area(geometry);
  if (m2 > kind.rules.maxAreaM2) {
    return { rule: 'area-too-large', message: `The area is ${Math.round(m2)} m²; at most ${kind.rules.maxAreaM2} m² is accepted for one proposal.` };
  }
  if (countsOf(kind) === 'sites') return null;
  const max = maxCountFor(kind, m2);
  if (count > max) {
    return {
      rule: 'count-too-high',
      message: `An area of ${Math.round(m2)} m² takes at most ${max} (one per ${kind.rules.m2PerUnit} m²); you asked for ${count}.`,
    };
  }
  return null;
}

function insideBoundary(g: Point | Polygon, boundary: Polygon | MultiPolygon): boolean {
  if (g.type === 'Point') return booleanPointInPolygon(g, boundary);
  const parts: Polygon[] = boundary.type === 'Polygon' ? [boundary] : boundary.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
  return parts.some((p) => booleanWithin(g, p));
}
