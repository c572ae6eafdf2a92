/**
 * The proposal workflow: who may do what, the pack's rules, the district computed from the
 * geometry, and every change recorded with who and when. Routes parse and call these.
 */
import { forbiddenAreas } from './forbidden-areas.ts';
import { bbox as turfBbox, pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import type { ProposalDetail, RuleRefusal } from '../api-types.ts';
import type { Actor } from '../auth/actor.ts';
import { rolesOf } from '../auth/guards.ts';
import { distanceBetweenM } from '../geo/distance-between-m.ts';
import { validatePolygonInput } from '../geo/validate-polygon.ts';
import { apiError } from '../http/api-error.ts';
import type { CityPack } from '../packs/index-pack.ts';
import type { ProposalKind } from '../packs/schema.ts';
import type { ActorRef, Proposal, ProposalStatus, Store } from '../store/store.ts';
import { newId } from '../auth/tokens.ts';
import { checkProposalRules, type RuleContext } from './check-rules.ts';
import type { CreateProposalInput } from './proposal-input.ts';
import { proposalFeature } from './present.ts';

export function kindOr422(pack: CityPack, kindId: string): ProposalKind {
  const kinds = pack.raw.manifest.proposals?.kinds ?? [];
  const kind = kinds.find((k) => k.id === kindId);
  if (!kind) {
    if (kinds.length === 0) apiError(404, 'no-proposals', `${pack.raw.manifest.name} does not take proposals.`);
    apiError(400, 'invalid-input', `kind: "${kindId}" is not taken here; kinds: ${kinds.map((k) => k.id).join(', ')}.`);
  }
  return kind;
}

export function actorRef(actor: Actor): ActorRef {
  if (actor.kind === 'anonymous') throw new Error('actorRef needs a signed-in actor');
  return { kind: actor.kind, id: actor.id, name: actor.name };
}

/** Forbidden areas per pack, gathered (and lines widened) once. */
const forbiddenCache = new WeakMap<CityPack, RuleContext['forbidden']>();
function forbiddenOf(pack: CityPack): RuleContext['forbidden'] {
  let f = forbiddenCache.get(pack);
  if (!f) {
    // Only categories some kind forbids: widening every street of a town would cost seconds for nothing.
    const forbidden = new Set((pack.raw.manifest.proposals?.kinds ?? []).flatMap((k) => k.rules.forbiddenContext as string[]));
    f = forbiddenAreas(
      [...pack.layers.values()]
        .filter((l) => l.entry.role === 'context')
        .flatMap((l) => l.features as Parameters<typeof forbiddenAreas>[0])
        .filter((x) => forbidden.has(x.properties.category ?? '')),
    );
    forbiddenCache.set(pack, f);
  }
  return f;
}

export async function createProposal(store: Store, pack: CityPack, actor: Actor, input: CreateProposalInput): Promise<Proposal> {
  const kind = kindOr422(pack, input.kind);
  const isPlanner = rolesOf(actor).includes('planner');
  if (input.minSpacingM !== undefined && !isPlanner) {
    apiError(403, 'forbidden', 'minSpacingM: only planners may lower the spacing rule.');
  }
  if (kind.needsSpecies) {
    if (!input.species) apiError(400, 'invalid-input', `species: choose a species (${pack.raw.species.length} on the list).`);
    if (!pack.raw.species.some((s) => s.id === input.species)) {
      apiError(400, 'invalid-input', `species: "${input.species}" is not on ${pack.raw.manifest.name}'s species list.`);
    }
  } else if (input.species !== undefined) {
    apiError(400, 'invalid-input', `species: a ${kind.label} proposal takes no species.`);
  }
  const geometry = input.geometry as Point | Polygon;
  if (geometry.type === 'Polygon') {
    const v = validatePolygonInput(geometry);
    if (!v.valid) apiError(400, v.rule, `geometry: ${v.message}`);
  }
  const violation = checkProposalRules(geometry, input.count, {
    boundary: pack.raw.boundary as Feature<Polygon | MultiPolygon>,
    townName: pack.raw.manifest.name,
    forbidden: forbiddenOf(pack),
    kind,
  });
  if (violation) {
    apiError(422, violation.rule, violation.message, { rule: violation.rule, ...(violation.feature ? { feature: violation.feature } : {}) } satisfies RuleRefusal);
  }
  const at = geometry.type === 'Point' ? geometry.coordinates : pointOnFeature(geometry).geometry.coordinates;
  const now = new Date().toISOString();
  const result = await store.createProposal(
    {
      id: newId(),
      city: pack.id,
      kind: kind.id,
      geometry,
      bbox: turfBbox(geometry) as [number, number, number, number],
      lon: at[0]!,
      lat: at[1]!,
      district: pack.districtIndex.locate(at[0]!, at[1]!),
      species: kind.needsSpecies ? input.species! : '',
      count: input.count,
      note: input.note,
      author: actorRef(actor),
      createdAt: now,
    },
    { minM: input.minSpacingM ?? kind.rules.minSpacingM, distanceM: distanceBetweenM },
  );
  if (!result.ok) {
    apiError(
      422,
      'too-close',
      `Too close to another ${kind.label} proposal (${result.distanceM.toFixed(1)} m; at least ${input.minSpacingM ?? kind.rules.minSpacingM} m is required).`,
      { rule: 'too-close', distanceM: result.distanceM, feature: proposalFeature(result.nearest, pack.raw) } satisfies RuleRefusal,
    );
  }
  return result.proposal;
}

/** Allowed status moves: planners review; the author (or a planner) may withdraw a proposal not yet planted. */
const MOVES: Record<'accepted' | 'rejected' | 'planted' | 'proposed', { from: ProposalStatus[]; action: 'accepted' | 'rejected' | 'planted' | 'reopened' }> = {
  accepted: { from: ['proposed'], action: 'accepted' },
  rejected: { from: ['proposed', 'accepted'], action: 'rejected' },
  planted: { from: ['accepted'], action: 'planted' },
  proposed: { from: ['rejected'], action: 'reopened' },
};

export async function changeStatus(store: Store, pack: CityPack, actor: Actor, id: string, to: keyof typeof MOVES, reason: string | null): Promise<Proposal> {
  const move = MOVES[to];
  const r = await store.changeStatus(pack.id, id, { to, from: move.from, reason: to === 'rejected' ? reason : null, actor: actorRef(actor), at: new Date().toISOString(), action: move.action });
  return resultOrError(r, id, `to ${to}`);
}

export async function withdraw(store: Store, pack: CityPack, actor: Actor, id: string): Promise<Proposal> {
  const p = await store.getProposal(pack.id, id);
  if (!p) apiError(404, 'unknown-proposal', `There is no proposal "${id}" in ${pack.raw.manifest.name}.`);
  const isPlanner = rolesOf(actor).includes('planner');
  if (!isPlanner && !(actor.kind === 'resident' && p.author.kind === 'resident' && p.author.id === actor.id)) {
    apiError(403, 'forbidden', 'Only the author of a proposal, or a planner, may withdraw it.');
  }
  const r = await store.changeStatus(pack.id, id, { to: 'withdrawn', from: ['proposed', 'accepted'], reason: null, actor: actorRef(actor), at: new Date().toISOString(), action: 'withdrawn' });
  return resultOrError(r, id, 'to withdrawn');
}

export async function edit(store: Store, pack: CityPack, actor: Actor, id: string, e: { count?: number; species?: string }): Promise<Proposal> {
  const current = await store.getProposal(pack.id, id);
  if (!current) apiError(404, 'unknown-proposal', `There is no proposal "${id}" in ${pack.raw.manifest.name}.`);
  const kind = kindOr422(pack, current.kind);
  if (e.species !== undefined) {
    if (!kind.needsSpecies) apiError(400, 'invalid-input', `species: a ${kind.label} proposal takes no species.`);
    if (!pack.raw.species.some((s) => s.id === e.species)) {
      apiError(400, 'invalid-input', `species: "${e.species}" is not on ${pack.raw.manifest.name}'s species list.`);
    }
  }
  if (e.count !== undefined) {
    const v = checkProposalRules(current.geometry as Point | Polygon, e.count, {
      boundary: pack.raw.boundary as Feature<Polygon | MultiPolygon>,
      townName: pack.raw.manifest.name,
      forbidden: [],
      kind,
    });
    if (v) apiError(422, v.rule, v.message, { rule: v.rule });
  }
  return resultOrError(await store.editProposal(pack.id, id, e, actorRef(actor), new Date().toISOString()), id, 'edit');
}

function resultOrError(r: Awaited<ReturnType<Store['changeStatus']>>, id: string, what: string): Proposal {
  if (r.ok) return r.proposal;
  if (r.reason === 'not-found') apiError(404, 'unknown-proposal', `There is no proposal "${id}".`);
  apiError(409, 'status-conflict', `Cannot change a ${r.current} proposal ${what}.`, { current: r.current });
}

export async function proposalDetail(store: Store, pack: CityPack, p: Proposal, actor: Actor): Promise<ProposalDetail> {
  const history = await store.proposalHistory(p.id);
  const mine = actor.kind === 'resident' ? (await store.supportedBy(pack.id, actor.id, [p.id])).has(p.id) : undefined;
  const f = proposalFeature(p, pack.raw, mine);
  return {
    type: 'Feature',
    id: p.id,
    geometry: f.geometry,
    properties: f.properties,
    history: history.map((h) => ({ at: h.at, actor: h.actor.name, action: h.action, fromStatus: h.fromStatus, toStatus: h.toStatus, reason: h.reason, changes: h.changes })),
  };
}
