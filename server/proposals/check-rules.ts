/**
 * The rules a city pack sets for proposals, checked on the server before anything is stored
 * (spacing, which needs the other proposals, is checked by the store in the same transaction).
 */
import { area, booleanIntersects, booleanPointInPolygon, booleanWithin } from '@turf/turf';
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import type { ProposalKind } from '../packs/schema.ts';
import { countsOf, maxCountFor } from './kind-rules.ts';
import { refusalMessage, type RefusalParams } from '../http/messages.ts';

export interface RuleContext {
  boundary: Feature<Polygon | MultiPolygon>;
  townName: string;
  /** Polygons a proposal may not touch, with their category (e.g. the reservoir's water). */
  forbidden: Feature<Polygon | MultiPolygon, { id: string; name: string; category: string }>[];
  kind: ProposalKind;
}

export interface RuleViolation {
  rule: 'outside-town' | 'in-forbidden-area' | 'count-not-one' | 'count-too-high' | 'area-too-large' | 'geometry-not-allowed';
  /** The rule's figures (area, max, per, count…), the refusal's `details.params`. */
  params: RefusalParams;
  message: string;
  feature?: { id: string; name: string; category: string };
}

export function checkProposalRules(geometry: Point | Polygon, count: number, ctx: RuleContext): RuleViolation | null {
  const { kind } = ctx;
  if (!kind.geometries.includes(geometry.type)) {
    return violation('geometry-not-allowed', { kind: kind.label, allowed: kind.geometries, got: geometry.type });
  }
  if (!insideBoundary(geometry, ctx.boundary.geometry)) {
    return violation('outside-town', { rule: geometry.type === 'Point' ? 'point' : 'area', town: ctx.townName });
  }
  for (const f of ctx.forbidden) {
    if (!kind.rules.forbiddenContext.includes(f.properties.category as never)) continue;
    if (booleanIntersects(geometry, f)) {
      return { ...violation('in-forbidden-area', { name: f.properties.name, category: f.properties.category }), feature: f.properties };
    }
  }
  // A site kind (see kind-rules.ts): every proposal, point or area, is one site.
  if (countsOf(kind) === 'sites' && count !== 1) {
    return violation('count-not-one', { rule: 'site', kind: kind.label, count });
  }
  if (geometry.type === 'Point') {
    if (count !== 1) return violation('count-not-one', { rule: 'point', kind: kind.label, count });
    return null;
  }
  const m2 = area(geometry);
  if (m2 > kind.rules.maxAreaM2) {
    return violation('area-too-large', { area: Math.round(m2), max: kind.rules.maxAreaM2 });
  }
  if (countsOf(kind) === 'sites') return null;
  const max = maxCountFor(kind, m2);
  if (count > max) {
    return violation('count-too-high', { area: Math.round(m2), max, per: kind.rules.m2PerUnit!, count });
  }
  return null;
}

function violation(rule: RuleViolation['rule'], params: RefusalParams): RuleViolation {
  return { rule, params, message: refusalMessage(rule, params) };
}

function insideBoundary(g: Point | Polygon, boundary: Polygon | MultiPolygon): boolean {
  if (g.type === 'Point') return booleanPointInPolygon(g, boundary);
  const parts: Polygon[] = boundary.type === 'Polygon' ? [boundary] : boundary.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
  return parts.some((p) => booleanWithin(g, p));
}
