/**
 * Proposal kinds in the viewer: which symbol each kind gets on the map and in the legend, how
 * many live proposals each has, which kinds propose sites for an undertaking, and the words
 * that depend on what a kind counts (trees are "posadzone", sites "zrealizowane"). Pure functions.
 *
 * What a kind counts comes from the server (`counts` in the proposal setup): "units" for a kind
 * with a species (a tree; an area holds several), "sites" for any other (every proposal is one site).
 */
import type { Goals, ProposalFeatureProps, ProposalSetup } from '../../server/api-types.ts';
import type { MessageId } from '../i18n/index.ts';
import type { Feature, Geometry } from 'geojson';

export type ProposalKindInfo = ProposalSetup['kinds'][number];
/** A proposal as the API serves it (one GeoJSON feature). */
export type ProposalFeature = Feature<Geometry, ProposalFeatureProps>;

export type ProposalStatusId = ProposalFeatureProps['status'];

/** Shapes of site markers, in the order site kinds get them; trees are circles. */
export const SITE_SHAPES = ['diamond', 'square', 'triangle', 'hexagon', 'star'] as const;
export type SiteShape = (typeof SITE_SHAPES)[number];
export type ProposalSymbol = 'circle' | SiteShape;

/** The symbol of each kind: a circle for unit kinds, the next site shape for each site kind (cycling). */
export function symbolsOf(kinds: readonly Pick<ProposalKindInfo, 'id' | 'counts'>[]): Record<string, ProposalSymbol> {
  const out: Record<string, ProposalSymbol> = {};
  let site = 0;
  for (const k of kinds) out[k.id] = k.counts === 'units' ? 'circle' : SITE_SHAPES[site++ % SITE_SHAPES.length]!;
  return out;
}

const LIVE: ReadonlySet<ProposalStatusId> = new Set(['proposed', 'accepted', 'planted']);

/** Live proposals (proposed, accepted or planted) of each kind; every kind listed, with 0 when none. */
export function liveCountsByKind(kinds: readonly Pick<ProposalKindInfo, 'id'>[], features: readonly { properties: Pick<ProposalFeatureProps, 'kind' | 'status'> }[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(kinds.map((k) => [k.id, 0]));
  for (const f of features) if (LIVE.has(f.properties.status) && f.properties.kind in out) out[f.properties.kind]! += 1;
  return out;
}

/** The kinds that propose sites for an undertaking (in the pack's order). */
export function kindsForUndertaking<K extends Pick<ProposalKindInfo, 'undertaking'>>(kinds: readonly K[], undertakingId: string): K[] {
  return kinds.filter((k) => k.undertaking === undertakingId);
}

/** What a set of kinds counts: only units (trees), only sites, or both. */
export function countsMix(kinds: readonly Pick<ProposalKindInfo, 'counts'>[]): 'units' | 'sites' | 'mixed' {
  const units = kinds.some((k) => k.counts === 'units');
  const sites = kinds.some((k) => k.counts === 'sites');
  return units && sites ? 'mixed' : sites ? 'sites' : 'units';
}

/** The message id naming a status: "planted" is "posadzone" for trees, "zrealizowane" for sites. */
export function statusMessage(status: ProposalStatusId, mix: 'units' | 'sites' | 'mixed'): MessageId {
  if (status !== 'planted' || mix === 'units') return `proposals.status.${status}`;
  return mix === 'sites' ? 'proposals.status.done' : 'proposals.status.plantedOrDone';
}

/** The message ids naming the two levels of a programme: goals (strategic → operational) or areas (→ directions). */
export function levelMessages(structure: Goals['structure'] | undefined): { top: MessageId; sub: MessageId; undertakings: MessageId } {
  return structure === 'areas'
    ? { top: 'strategy.areas', sub: 'strategy.directions', undertakings: 'strategy.actions' }
    : { top: 'strategy.heading', sub: 'strategy.operational', undertakings: 'strategy.undertakings' };
}

/** A proposal's status, in the order the legend lists them. */
export type ProposalStatus = ProposalFeatureProps['status'];
export const PROPOSAL_STATUSES: readonly ProposalStatus[] = ['proposed', 'accepted', 'planted', 'rejected', 'withdrawn'];
