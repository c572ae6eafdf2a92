/**
 * Everything about a proposal's geometry that needs no other proposal: the outline's own
 * validity (vertex cap, crossings), the town's rules (boundary, forbidden areas, counts), and
 * where it sits (a representative point, its bbox). Pure: runs in a worker for areas.
 */
import { bbox as turfBbox, pointOnFeature } from '@turf/turf';
import type { Point, Polygon } from 'geojson';
import { validatePolygonInput, type PolygonRule } from '../geo/validate-polygon.ts';
import type { RefusalParams } from '../http/messages.ts';
import type { ProposalKind } from '../packs/schema.ts';
import { checkProposalRules, type RuleContext, type RuleViolation } from './check-rules.ts';

export type GeometryCheck =
  | { ok: true; at: [number, number]; bbox: [number, number, number, number] }
  | { ok: false; invalid?: { rule: PolygonRule; params: RefusalParams }; violation?: RuleViolation };

export function checkProposalGeometry(g: Point | Polygon, count: number, kind: ProposalKind, maxVertices: number, ctx: Omit<RuleContext, 'kind'>): GeometryCheck {
  if (g.type === 'Polygon') {
    const v = validatePolygonInput(g, maxVertices);
    if (!v.valid) return { ok: false, invalid: { rule: v.rule, params: v.params } };
  }
  const violation = checkProposalRules(g, count, { boundary: ctx.boundary, townName: ctx.townName, forbidden: ctx.forbidden, kind });
  if (violation) return { ok: false, violation };
  const at = g.type === 'Point' ? g.coordinates : pointOnFeature(g).geometry.coordinates;
  return { ok: true, at: [at[0]!, at[1]!], bbox: turfBbox(g) as [number, number, number, number] };
}
