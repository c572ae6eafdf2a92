/**
 * The proposal workflow: who may do what, the pack's rules, the district computed from the
 * geometry, and every change recorded with who and when. Routes parse and call these.
 */
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import type { ProposalDetail, RuleRefusal } from '../api-types.ts';
import type { Actor } from '../auth/actor.ts';
import { actorRef } from '../auth/actor-ref.ts';
import { rolesOf } from '../auth/guards.ts';
import { distanceBetweenM } from '../geo/distance-between-m.ts';
import { runJob, townContext, type Work } from '../work/work.ts';
import { refuse } from '../http/api-error.ts';
import type { CityPack } from '../packs/index-pack.ts';
import type { ProposalKind } from '../packs/schema.ts';
import type { NewProposal, Proposal, ProposalEvent, ProposalStatus, ProposalStore, SpacingRule } from '../store/store.ts';
import { newId } from '../auth/tokens.ts';
import { checkProposalRules } from './check-rules.ts';
import { checkProposalGeometry, type GeometryCheck } from './check-geometry.ts';
import { forbiddenOf } from './forbidden-areas.ts';
import type { CreateProposalInput } from './proposal-input.ts';
import { proposalFeature, publicName } from './present.ts';

export function kindOr422(pack: CityPack, kindId: string): ProposalKind {
  const kinds = pack.raw.manifest.proposals?.kinds ?? [];
  const kind = kinds.find((k) => k.id === kindId);
  if (!kind) {
    if (kinds.length === 0) refuse(404, 'no-proposals', { town: pack.raw.manifest.name });
    refuse(400, 'invalid-input', { field: 'kind', rule: 'kind-not-taken', value: kindId.slice(0, 100), town: pack.raw.manifest.name, allowed: kinds.map((k) => k.id) });
  }
  return kind;
}

/** Positions a proposal's area may have (the input schema refuses more before parsing further). */
export const MAX_PROPOSAL_VERTICES = 500;

/** A new proposal checked against the pack's rules, before any store sees it (nothing written). */
export interface PreparedProposal {
  draft: Omit<NewProposal, 'author'>;
  spacing: SpacingRule;
  kindLabel: string;
}

export async function createProposal(store: ProposalStore, pack: CityPack, actor: Actor, input: CreateProposalInput, work: Work, client: string): Promise<Proposal> {
  const prepared = await prepareProposal(pack, rolesOf(actor).includes('planner'), input, work, client);
  const result = await store.createProposal({ ...prepared.draft, author: actorRef(actor) }, prepared.spacing);
  if (!result.ok) refuseTooClose(pack, prepared, result.nearest, result.distanceM);
  return result.proposal;
}

/** Every check of a new proposal that needs no store: kind, species, geometry, the pack's rules, its district. */
export async function prepareProposal(pack: CityPack, isPlanner: boolean, input: CreateProposalInput, work: Work, client: string): Promise<PreparedProposal> {
  const kind = kindOr422(pack, input.kind);
  if (input.minSpacingM !== undefined && !isPlanner) {
    refuse(403, 'forbidden', { rule: 'lower-spacing', field: 'minSpacingM' });
  }
  if (kind.needsSpecies) {
    if (!input.species) refuse(400, 'invalid-input', { field: 'species', rule: 'choose-species', count: pack.raw.species.length });
    if (!pack.raw.species.some((s) => s.id === input.species)) {
      refuse(400, 'invalid-input', { field: 'species', rule: 'not-on-list', value: input.species.slice(0, 100), town: pack.raw.manifest.name });
    }
  } else if (input.species !== undefined) {
    refuse(400, 'invalid-input', { field: 'species', rule: 'no-species', kind: kind.label });
  }
  const geometry = input.geometry as Point | Polygon;
  // An area's crossing check, boundary and forbidden areas run in a worker (the event loop only
  // waits); a point is one point-in-polygon test per area, done here.
  const checked: GeometryCheck =
    geometry.type === 'Point'
      ? checkProposalGeometry(geometry, input.count, kind, MAX_PROPOSAL_VERTICES, { boundary: pack.raw.boundary as Feature<Polygon | MultiPolygon>, townName: pack.raw.manifest.name, forbidden: forbiddenOf(pack) })
      : await runJob<GeometryCheck>(work, client, 'geometry', 'checkProposal', { geometry, count: input.count, kind, maxVertices: MAX_PROPOSAL_VERTICES }, {
          ctx: townContext(pack),
          timeMs: work.config.WORKER_TIME_MS,
        });
  if (!checked.ok && checked.invalid) refuse(400, checked.invalid.rule, { field: 'geometry', ...checked.invalid.params });
  if (!checked.ok) {
    const violation = checked.violation!;
    refuse(422, violation.rule, violation.params, { rule: violation.rule, ...(violation.feature ? { feature: violation.feature } : {}) } satisfies RuleRefusal);
  }
  const at = checked.at;
  return {
    draft: {
      id: newId(),
      city: pack.id,
      kind: kind.id,
      geometry,
      bbox: checked.bbox,
      lon: at[0]!,
      lat: at[1]!,
      district: pack.districtIndex.locate(at[0]!, at[1]!),
      species: kind.needsSpecies ? input.species! : '',
      count: input.count,
      note: input.note,
      createdAt: new Date().toISOString(),
    },
    spacing: { minM: input.minSpacingM ?? kind.rules.minSpacingM, distanceM: distanceBetweenM },
    kindLabel: kind.label,
  };
}

/** The refusal of a proposal closer to another live one of its kind than the rule allows; names the nearest. */
export function refuseTooClose(pack: CityPack, prepared: PreparedProposal, nearest: Proposal, distanceM: number): never {
  refuse(
    422,
    'too-close',
    { kind: prepared.kindLabel, distance: Math.round(distanceM * 10) / 10, min: prepared.spacing.minM },
    { rule: 'too-close', distanceM, feature: proposalFeature(nearest, pack.raw) } satisfies RuleRefusal,
  );
}

/** The statuses a planner sets, and the history action each move is recorded as. */
export type ReviewStatus = 'accepted' | 'rejected' | 'planted' | 'proposed';
const ACTION: Record<ReviewStatus, 'accepted' | 'rejected' | 'planted' | 'reopened'> = { accepted: 'accepted', rejected: 'rejected', planted: 'planted', proposed: 'reopened' };
/** A planner moves a proposal between any of these (a withdrawn one stays the author's). */
const REVIEWABLE: ProposalStatus[] = ['proposed', 'accepted', 'rejected', 'planted'];
/** Moves forward through the funnel; every other move (a rejection, an undo, a correction) needs a reason, kept in the history. */
const FORWARD = new Set(['proposed>accepted', 'accepted>planted']);

/**
 * A planner's decision. Any reviewable status may follow any other, so every decision can be
 * undone by a new one; the history keeps both. `expected` (the status the planner saw) turns a
 * decision made on a stale view into a 409 instead of silently overwriting someone else's.
 */
export async function changeStatus(store: ProposalStore, pack: CityPack, actor: Actor, id: string, to: ReviewStatus, reason: string | null, expected?: ProposalStatus): Promise<Proposal> {
  const current = await store.getProposal(pack.id, id);
  if (!current) refuse(404, 'unknown-proposal', { id: id.slice(0, 64) });
  const from = current.status;
  if (expected && expected !== from) refuse(409, 'status-conflict', { rule: 'stale', current: from, expected }, { current: from });
  if (!REVIEWABLE.includes(from)) refuse(409, 'status-conflict', { rule: 'to', current: from, to }, { current: from });
  if (from === to) refuse(409, 'status-conflict', { rule: 'same', current: from, to }, { current: from });
  if (!reason && !FORWARD.has(`${from}>${to}`)) refuse(400, 'reason-required', { field: 'reason', from, to });
  const r = await store.changeStatus(pack.id, id, { to, from: [from], reason: reason ?? null, actor: actorRef(actor), at: new Date().toISOString(), action: ACTION[to] });
  return resultOrError(r, id, to);
}

export async function withdraw(store: ProposalStore, pack: CityPack, actor: Actor, id: string): Promise<Proposal> {
  const p = await store.getProposal(pack.id, id);
  if (!p) refuse(404, 'unknown-proposal', { id: id.slice(0, 64), town: pack.raw.manifest.name });
  const isPlanner = rolesOf(actor).includes('planner');
  if (!isPlanner && !(actor.kind === 'resident' && p.author.kind === 'resident' && p.author.id === actor.id)) {
    refuse(403, 'forbidden', { rule: 'withdraw' });
  }
  const r = await store.changeStatus(pack.id, id, { to: 'withdrawn', from: ['proposed', 'accepted'], reason: null, actor: actorRef(actor), at: new Date().toISOString(), action: 'withdrawn' });
  return resultOrError(r, id, 'withdrawn');
}

export async function edit(store: ProposalStore, pack: CityPack, actor: Actor, id: string, e: { count?: number; species?: string }): Promise<Proposal> {
  const current = await store.getProposal(pack.id, id);
  if (!current) refuse(404, 'unknown-proposal', { id: id.slice(0, 64), town: pack.raw.manifest.name });
  const kind = kindOr422(pack, current.kind);
  if (e.species !== undefined) {
    if (!kind.needsSpecies) refuse(400, 'invalid-input', { field: 'species', rule: 'no-species', kind: kind.label });
    if (!pack.raw.species.some((s) => s.id === e.species)) {
      refuse(400, 'invalid-input', { field: 'species', rule: 'not-on-list', value: e.species.slice(0, 100), town: pack.raw.manifest.name });
    }
  }
  if (e.count !== undefined) {
    const v = checkProposalRules(current.geometry as Point | Polygon, e.count, {
      boundary: pack.raw.boundary as Feature<Polygon | MultiPolygon>,
      townName: pack.raw.manifest.name,
      forbidden: [],
      kind,
    });
    if (v) refuse(422, v.rule, v.params, { rule: v.rule });
  }
  return resultOrError(await store.editProposal(pack.id, id, e, actorRef(actor), new Date().toISOString()), id, 'edit');
}

function resultOrError(r: Awaited<ReturnType<ProposalStore['changeStatus']>>, id: string, what: string): Proposal {
  if (r.ok) return r.proposal;
  if (r.reason === 'not-found') refuse(404, 'unknown-proposal', { id: id.slice(0, 64) });
  refuse(409, 'status-conflict', what === 'edit' ? { rule: 'edit', current: r.current } : { rule: 'to', current: r.current, to: what }, { current: r.current });
}

/** A burst: at least this many new supporters from one network (IPv4 /24, IPv6 /48) within the window. */
export const BURST_MIN = 5;
export const BURST_WINDOW_MS = 10 * 60_000;

/**
 * A proposal with its history, as the API sends it. `known` spares the reads when the caller
 * already has them (a proposal just created: its one "created" event, and no supports yet).
 */
export async function proposalDetail(
  store: ProposalStore,
  pack: CityPack,
  p: Proposal,
  actor: Actor,
  known?: { history: ProposalEvent[]; supported: boolean },
): Promise<ProposalDetail> {
  const history = known?.history ?? (await store.proposalHistory(p.id));
  const mine = actor.kind !== 'resident' ? undefined : known ? known.supported : (await store.supportedBy(pack.id, actor.id, [p.id])).has(p.id);
  const f = proposalFeature(p, pack.raw, mine);
  return {
    type: 'Feature',
    id: p.id,
    geometry: f.geometry,
    properties: f.properties,
    ...(rolesOf(actor).includes('planner') ? { supporters: await store.supportBreakdown(p.id, BURST_MIN, BURST_WINDOW_MS) } : {}),
    history: history.map((h) => ({ at: h.at, actor: publicName(h.actor, pack.raw), action: h.action, fromStatus: h.fromStatus, toStatus: h.toStatus, reason: h.reason, changes: h.changes })),
  };
}

/** The history of a proposal just created: its "created" event. */
export function createdHistory(p: Proposal): ProposalEvent[] {
  return [{ at: p.createdAt, actor: p.author, action: 'created', fromStatus: null, toStatus: 'proposed', reason: null, changes: null }];
}
