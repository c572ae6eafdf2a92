/**
 * What both stores share: the row shapes of their tables and the mapping to the Store's types,
 * the edit diff, the live statuses and the spacing search box. SQL stays in each store.
 */
import type { Geometry } from 'geojson';
import { RAW_GEOMETRY, type ActorRef, type Proposal, type ProposalEvent, type ProposalStatus, type User } from './store.ts';

/** Statuses that count as a live proposal (for spacing and for progress). */
export const LIVE_STATUSES: readonly ProposalStatus[] = ['proposed', 'accepted', 'planted'];

/** Metres → degrees of latitude; longitude degrees are scaled by cos(lat). */
const M_PER_DEG_LAT = 111_320;

/** How far, in degrees, to look around a proposal for another within `minM` metres. */
export function spacingBox(lat: number, minM: number): { dLon: number; dLat: number } {
  const dLat = minM / M_PER_DEG_LAT;
  return { dLat, dLon: dLat / Math.max(0.01, Math.cos((lat * Math.PI) / 180)) };
}

/** A proposals row as either database returns it (SQLite: geometry as GeoJSON text). */
export interface ProposalRow {
  id: string;
  /** The public number (PostgreSQL's bigint arrives as text). */
  number: number | string | null;
  city: string;
  kind: string;
  geometry: Geometry | string;
  lon: number;
  lat: number;
  district: string | null;
  species: string;
  count: number;
  note: string;
  status: ProposalStatus;
  reason: string | null;
  supports: number;
  supports_confirmed?: number;
  author_kind: ActorRef['kind'];
  author_id: string;
  author_name: string;
  created_at: string;
  updated_at: string;
}

export function toProposal(r: ProposalRow): Proposal {
  const p = {
    id: r.id,
    number: Number(r.number ?? 0),
    city: r.city,
    kind: r.kind,
    lon: r.lon,
    lat: r.lat,
    district: r.district,
    species: r.species,
    count: r.count,
    note: r.note,
    author: { kind: r.author_kind, id: r.author_id, name: r.author_name },
    createdAt: r.created_at,
    status: r.status,
    reason: r.reason,
    supports: r.supports,
    supportsConfirmed: r.supports_confirmed ?? 0,
    updatedAt: r.updated_at,
  } as Proposal;
  if (typeof r.geometry !== 'string') {
    p.geometry = r.geometry;
    p.bbox = bboxOf(r.geometry);
    return p;
  }
  // Stored GeoJSON text (SQLite) is parsed only when asked for: lists and exports pass it
  // through (RAW_GEOMETRY), which keeps big reads from filling the heap.
  const text = r.geometry;
  let geometry: Geometry | undefined;
  let bbox: [number, number, number, number] | undefined;
  Object.defineProperty(p, 'geometry', { enumerable: true, configurable: true, get: () => (geometry ??= JSON.parse(text) as Geometry), set: (g: Geometry) => (geometry = g) });
  Object.defineProperty(p, 'bbox', { enumerable: true, configurable: true, get: () => (bbox ??= bboxOf(p.geometry)), set: (b: [number, number, number, number]) => (bbox = b) });
  Object.defineProperty(p, RAW_GEOMETRY, { enumerable: false, value: text });
  return p;
}

export function bboxOf(g: Geometry): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[];
      if (x! < w) w = x!;
      if (x! > e) e = x!;
      if (y! < s) s = y!;
      if (y! > n) n = y!;
    } else (c as unknown[]).forEach(visit);
  };
  visit((g as { coordinates: unknown }).coordinates);
  return [w, s, e, n];
}

/** A users row (SQLite keeps `disabled` as 0/1, PostgreSQL as a boolean). */
export function toUser(r: unknown): User | null {
  if (!r) return null;
  const x = r as { id: string; login: string; role: User['role']; password_hash: string; disabled: boolean | number; created_at: string };
  return { id: x.id, login: x.login, role: x.role, passwordHash: x.password_hash, disabled: Boolean(x.disabled), createdAt: x.created_at };
}

/** A proposal_events row (SQLite keeps `changes` as JSON text, PostgreSQL as json). */
export function toEvent(r: Record<string, unknown>): ProposalEvent {
  const changes = r.changes ?? null;
  return {
    at: r.at as string,
    actor: { kind: r.actor_kind as ActorRef['kind'], id: r.actor_id as string, name: r.actor_name as string },
    action: r.action as ProposalEvent['action'],
    fromStatus: (r.from_status ?? null) as ProposalEvent['fromStatus'],
    toStatus: (r.to_status ?? null) as ProposalEvent['toStatus'],
    reason: (r.reason ?? null) as string | null,
    changes: (typeof changes === 'string' ? JSON.parse(changes) : changes) as ProposalEvent['changes'],
  };
}

/** A planner's edit of count and species: the new values and what changed (null when nothing did). */
export function editDiff(row: { count: number; species: string }, edit: { count?: number; species?: string }) {
  const count = edit.count ?? row.count;
  const species = edit.species ?? row.species;
  const changes: Record<string, [unknown, unknown]> = {};
  if (count !== row.count) changes.count = [row.count, count];
  if (species !== row.species) changes.species = [row.species, species];
  return { count, species, changes: Object.keys(changes).length ? changes : null };
}
