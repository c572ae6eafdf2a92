/**
 * The Store: everything the server keeps durably (proposals and their history, supports,
 * residents, planner/admin accounts, sessions, audit, rate limits). Routes and services
 * talk to this interface only; SQLite (the embedded default) and PostgreSQL/PostGIS
 * (DATABASE_URL) implement it, and tests/store/contract.test.ts holds both to one contract.
 * Every method is async so a networked database fits the same contract.
 */
import type { Geometry, MultiPolygon, Polygon } from 'geojson';

export type ProposalStatus = 'proposed' | 'accepted' | 'rejected' | 'planted' | 'withdrawn';
export type UserRole = 'planner' | 'admin';

/** Who did something: a resident (anonymous token) or a planner/admin account. */
export interface ActorRef {
  kind: 'resident' | 'user';
  id: string;
  name: string;
}

export interface Resident {
  id: string;
  nickname: string;
  createdAt: string;
}

export interface User {
  id: string;
  login: string;
  role: UserRole;
  passwordHash: string;
  disabled: boolean;
  createdAt: string;
}

export interface Session {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface NewProposal {
  id: string;
  city: string;
  kind: string;
  geometry: Geometry;
  /** [west, south, east, north], for the spatial index. */
  bbox: [number, number, number, number];
  /** A representative point (the point itself, or a point inside the polygon). */
  lon: number;
  lat: number;
  district: string | null;
  species: string;
  count: number;
  note: string;
  author: ActorRef;
  createdAt: string;
}

export interface Proposal extends NewProposal {
  status: ProposalStatus;
  reason: string | null;
  supports: number;
  updatedAt: string;
}

export interface ProposalEvent {
  at: string;
  actor: ActorRef;
  action: 'created' | 'accepted' | 'rejected' | 'planted' | 'withdrawn' | 'edited' | 'reopened';
  fromStatus: ProposalStatus | null;
  toStatus: ProposalStatus | null;
  reason: string | null;
  changes: Record<string, [unknown, unknown]> | null;
}

import type { ProposalWhere } from './proposal-where.ts';

export interface ProposalStats {
  count: number;
  bbox: [number, number, number, number] | null;
  firstCreated: string | null;
  lastCreated: string | null;
  lastUpdated: string | null;
}

export interface ProposalFilter {
  city: string;
  district?: string;
  status?: ProposalStatus[];
  kind?: string;
  bbox?: [number, number, number, number];
  /** Any further condition (OGC's CQL2 filter, datetime, geometry type), applied in SQL. */
  where?: ProposalWhere;
  limit: number;
  offset: number;
  /** created: oldest first (stable paging); supports: most supported first (the review queue). */
  sort: 'created' | 'supports';
}

/** The spacing rule, checked by the store in the same transaction as the insert. */
export interface SpacingRule {
  /** Minimum distance in metres to another live proposal of the same kind (proposed, accepted or planted). */
  minM: number;
  /** Distance in metres between two geometries (so the SQLite store can check in JS, PostGIS in SQL). */
  distanceM: (a: Geometry, b: Geometry) => number;
}

export type CreateResult = { ok: true; proposal: Proposal } | { ok: false; nearest: Proposal; distanceM: number };

export interface StatusChange {
  to: ProposalStatus;
  /** The change is refused unless the proposal is in one of these states. */
  from: ProposalStatus[];
  reason: string | null;
  actor: ActorRef;
  at: string;
  action: ProposalEvent['action'];
}

export type ChangeResult = { ok: true; proposal: Proposal } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'conflict'; current: ProposalStatus };

/** Tree counts per district and stage (a funnel: proposed ⊇ accepted ⊇ planted). */
export interface DistrictCounts {
  district: string;
  proposed: number;
  accepted: number;
  planted: number;
}

export interface AuditEntry {
  at: string;
  actor: ActorRef;
  action: string;
  target: string;
  details?: unknown;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the client may try again (when not allowed). */
  retryAfterS: number;
}

/** A district polygon of a city, as the pack draws it. */
export interface DistrictShape {
  id: string;
  geometry: Polygon | MultiPolygon;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  close(): Promise<void>;

  /**
   * Gives the store each city's districts. A store that can answer "which district" itself
   * (PostGIS) then assigns a new proposal's district in the database; SQLite keeps the
   * district the service computed from the pack's in-memory index.
   */
  syncDistricts(city: string, districts: DistrictShape[]): Promise<void>;

  createResident(r: Resident & { tokenHash: string }): Promise<void>;
  residentByTokenHash(tokenHash: string): Promise<Resident | null>;

  createUser(u: User): Promise<void>;
  userByLogin(login: string): Promise<User | null>;
  userById(id: string): Promise<User | null>;
  listUsers(): Promise<User[]>;
  setUserDisabled(id: string, disabled: boolean): Promise<boolean>;
  setUserPassword(id: string, passwordHash: string): Promise<boolean>;

  createSession(s: Session): Promise<void>;
  sessionByIdHash(idHash: string, now: string): Promise<Session | null>;
  deleteSession(idHash: string): Promise<void>;
  deleteUserSessions(userId: string): Promise<void>;

  /** Inserts the proposal and its "created" event unless another live one of its kind is closer than the rule allows. */
  createProposal(p: NewProposal, spacing: SpacingRule): Promise<CreateResult>;
  getProposal(city: string, id: string): Promise<Proposal | null>;
  proposalHistory(id: string): Promise<ProposalEvent[]>;
  listProposals(filter: ProposalFilter): Promise<{ proposals: Proposal[]; total: number }>;
  /** Extent (CRS84 box), first/last creation and last change of a city's proposals matching `where` (OGC collection metadata). */
  proposalStats(city: string, where?: ProposalWhere): Promise<ProposalStats>;
  changeStatus(city: string, id: string, change: StatusChange): Promise<ChangeResult>;
  editProposal(city: string, id: string, edit: { count?: number; species?: string }, actor: ActorRef, at: string): Promise<ChangeResult>;

  /** Adds a resident's support once; returns the proposal's support count after. */
  addSupport(city: string, id: string, residentId: string, at: string): Promise<{ found: boolean; added: boolean; supports: number }>;
  removeSupport(city: string, id: string, residentId: string): Promise<{ found: boolean; removed: boolean; supports: number }>;
  supportedBy(city: string, residentId: string, ids: string[]): Promise<Set<string>>;

  countsByDistrict(city: string, kind: string): Promise<DistrictCounts[]>;

  audit(entry: AuditEntry): Promise<void>;
  listAudit(limit: number): Promise<AuditEntry[]>;

  /** Counts one hit for `key` in a fixed window; refuses once `max` hits are in the window. */
  rateLimitHit(key: string, max: number, windowMs: number, nowMs: number): Promise<RateLimitResult>;
}

export class DuplicateError extends Error {
  constructor(readonly field: string) {
    super(`${field} is already taken`);
    this.name = 'DuplicateError';
  }
}

/**
 * The database cannot be reached (down, restarting, not yet migrated). Routes answer 503 with
 * Retry-After; nothing was written, so the client may simply try again.
 */
export class StoreUnavailableError extends Error {
  constructor(
    readonly detail: string,
    readonly retryAfterS = 5,
  ) {
    super(`The database is unavailable: ${detail}`);
    this.name = 'StoreUnavailableError';
  }
}
