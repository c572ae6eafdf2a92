/**
 * The Store: everything the server keeps durably, in four parts by concern — accounts
 * (residents, planner/admin users, sessions), proposals (with history, supports and the
 * counts kept from them), audit, rate limits. Routes and services take the narrowest part they
 * need; SQLite (the embedded default) and PostgreSQL/PostGIS (DATABASE_URL) implement them
 * all, and tests/store/*.contract.test.ts hold both to one contract per part.
 * Every method is async so a networked database fits the same contract.
 */
import type { Geometry } from 'geojson';

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
  /** The town the token was made in (null for tokens made before towns were scoped). */
  city?: string | null;
  /** When the token stops working (null: never, for tokens made before expiry existed). */
  expiresAt?: string | null;
  /** A confirmed e-mail address (null until a confirmation link was opened). */
  email?: string | null;
  emailConfirmedAt?: string | null;
}

/** Failed sign-ins of one login in a row: drives the back-off and the lock. */
export interface LoginState {
  failures: number;
  lastFailureMs: number;
  locked: boolean;
}

/** How a support came in: the network it came from (for bursts) and whether the supporter's e-mail is confirmed. */
export interface SupportMeta {
  network: string;
  confirmed: boolean;
}

export type SupportResult =
  | { found: false; added: false; supports: number }
  | { found: true; added: boolean; supports: number; refused?: 'not-live' | 'own' };

/** Supports of one proposal, confirmed and not, and bursts: many new supporters from one network within minutes. */
export interface SupportBreakdown {
  confirmed: number;
  unconfirmed: number;
  bursts: { network: string; count: number; from: string; to: string }[];
}

export interface EmailConfirmation {
  tokenHash: string;
  residentId: string;
  email: string;
  createdAt: string;
  expiresAt: string;
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
  /** The short public number ("nr 123"): one line for all towns, in creation order, never reused (gaps possible). */
  number: number;
  status: ProposalStatus;
  reason: string | null;
  supports: number;
  /** Of `supports`, those by residents whose e-mail was confirmed when they supported. */
  supportsConfirmed: number;
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
  /** Only the proposals this resident or user wrote ("my proposals"). */
  author?: { kind: ActorRef['kind']; id: string };
  bbox?: [number, number, number, number];
  /** Any further condition (OGC's CQL2 filter, datetime, geometry type), applied in SQL. */
  where?: ProposalWhere;
  limit: number;
  offset: number;
  /** created: oldest first (stable paging); newest: newest first; supports: most supported first (the review queue). */
  sort: 'created' | 'newest' | 'supports';
  /** false: skip counting the matches (total is then -1), for streamed exports that page on. */
  withTotal?: boolean;
  /**
   * Keyset paging for long reads (exports): only proposals created after this one (sort
   * 'created', offset 0), so each step starts where the last ended instead of skipping rows.
   */
  after?: string;
}

/** The spacing rule, checked by the store in the same transaction as the insert. */
export interface SpacingRule {
  /** Minimum distance in metres to another live proposal of the same kind (proposed, accepted or planted). */
  minM: number;
  /** Distance in metres between two geometries (so the SQLite store can check in JS, PostGIS in SQL). */
  distanceM: (a: Geometry, b: Geometry) => number;
}

export type CreateResult = { ok: true; proposal: Proposal } | { ok: false; nearest: Proposal; distanceM: number };

/**
 * A resident's new proposal with everything the request needs from the database in one call
 * (a network store's round trips are its cost): the packs' layer version checked, the write
 * counted against the client's limit, the resident found by token and bound to the town, the
 * proposal created. Stores where a call costs nothing (SQLite) do not offer it.
 */
export interface OneTripCreate {
  createProposalAs(req: {
    tokenHash: string;
    /** ISO time, for the token's expiry. */
    now: string;
    rate: { key: string; max: number; windowMs: number; nowMs: number };
    /** The imported-layer version the caller's packs reflect; any other refuses with 'stale-layers' before anything is written. */
    layersVersion: number;
    proposal: Omit<NewProposal, 'author'>;
    spacing: SpacingRule;
  }): Promise<OneTripResult>;
}

export interface OneTripResident {
  id: string;
  nickname: string;
  city: string | null;
  emailConfirmed: boolean;
}

export type OneTripResult =
  | { outcome: 'stale-layers' }
  | { outcome: 'rate-limited'; retryAfterS: number }
  | { outcome: 'not-signed-in' }
  | { outcome: 'wrong-town'; resident: OneTripResident }
  | { outcome: 'too-close'; resident: OneTripResident; nearest: Proposal; distanceM: number }
  | { outcome: 'created'; resident: OneTripResident; proposal: Proposal };

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

/**
 * Counts of one proposal kind in one district, by stage (a funnel: proposed ⊇ accepted ⊇
 * planted), in the kind's units (trees for a tree kind, one per site otherwise).
 */
export interface DistrictCounts {
  kind: string;
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

/** Residents, planner/admin accounts and their sessions. */
export interface AccountStore {
  createResident(r: Resident & { tokenHash: string }): Promise<void>;
  /** The resident whose token this is, unless it expired (before `now`) or was revoked. */
  residentByTokenHash(tokenHash: string, now?: string): Promise<Resident | null>;
  /** Scopes a resident's token to a town on its first write there; returns the town it is scoped to. */
  bindResidentCity(residentId: string, city: string): Promise<string | null>;
  /** Makes every token of the resident stop working ("sign out everywhere"). */
  revokeResidentTokens(residentId: string): Promise<boolean>;

  /** Sign-in back-off: the failures in a row of a login (any case). */
  loginState(login: string): Promise<LoginState>;
  /** Counts a failed sign-in; the login is locked once `lockAfter` failures are in a row. */
  loginFailed(login: string, nowMs: number, lockAfter: number): Promise<LoginState>;
  loginSucceeded(login: string): Promise<void>;
  /** Lifts a lock (and the back-off); false when the login had none. */
  unlockLogin(login: string): Promise<boolean>;

  /** E-mail confirmation: a pending link, then the resident's confirmed address. */
  createEmailConfirmation(c: EmailConfirmation): Promise<void>;
  /** Confirms the address of a link not yet expired; the resident, or null. Each link works once. */
  confirmEmail(tokenHash: string, now: string): Promise<Resident | null>;

  /** Deletes what has run out: rate-limit windows older than `rateBeforeMs`, expired sessions and confirmation links. */
  cleanup(now: string, rateBeforeMs: number): Promise<{ rateLimits: number; sessions: number; confirmations: number }>;

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
}

/** Proposals with their history and supports, and the counts kept from them. */
export interface ProposalStore {
  /** Inserts the proposal and its "created" event unless another live one of its kind is closer than the rule allows. */
  createProposal(p: NewProposal, spacing: SpacingRule): Promise<CreateResult>;
  getProposal(city: string, id: string): Promise<Proposal | null>;
  /** The town's proposal with this public number. */
  proposalByNumber(city: string, number: number): Promise<Proposal | null>;
  proposalHistory(id: string): Promise<ProposalEvent[]>;
  listProposals(filter: ProposalFilter): Promise<{ proposals: Proposal[]; total: number }>;
  /** Extent (CRS84 box), first/last creation and last change of a city's proposals matching `where` (OGC collection metadata). */
  proposalStats(city: string, where?: ProposalWhere): Promise<ProposalStats>;
  changeStatus(city: string, id: string, change: StatusChange): Promise<ChangeResult>;
  editProposal(city: string, id: string, edit: { count?: number; species?: string }, actor: ActorRef, at: string): Promise<ChangeResult>;

  /**
   * Adds a resident's support once; returns the proposal's support count after. Refused
   * (nothing written) for a proposal that is not live (proposed or accepted) or that the
   * resident wrote.
   */
  addSupport(city: string, id: string, residentId: string, at: string, meta?: SupportMeta): Promise<SupportResult>;
  /** Confirmed and unconfirmed supports of a proposal, and bursts of at least `burstMin` from one network within `windowMs`. */
  supportBreakdown(id: string, burstMin: number, windowMs: number): Promise<SupportBreakdown>;
  removeSupport(city: string, id: string, residentId: string): Promise<{ found: boolean; removed: boolean; supports: number }>;
  supportedBy(city: string, residentId: string, ids: string[]): Promise<Set<string>>;

  /**
   * Every kind's counts per district for a city: a read of a few rows, kept up to date in each
   * write's own transaction, never a scan of the proposals (districts with none are absent).
   */
  districtCounts(city: string): Promise<DistrictCounts[]>;
  /**
   * The same counts as they stood at the end of `day` (YYYY-MM-DD, UTC), from the proposals'
   * history: a range read of the per-day changes kept with each event, never a scan of proposals.
   */
  districtCountsOn(city: string, day: string): Promise<DistrictCounts[]>;

  /**
   * The live proposals (proposed, accepted, planted) whose bbox meets `bbox`, as their
   * representative points: at most `limit + 1` (more means the area holds too many to count here).
   */
  livePointsInBox(city: string, bbox: [number, number, number, number], limit: number): Promise<LivePoint[]>;

  /** Proposals whose bbox meets `bbox`, for a map tile: at most `limit + 1` (more means too many to draw one by one). */
  tilePoints(q: TileQuery & { bbox: [number, number, number, number]; limit: number }): Promise<TilePoint[]>;
  /**
   * Proposals counted per group of cells for a map tile at town or region scale: cells are
   * Web Mercator tiles at zoom CELL_LEVEL, a group is `cell >> shift`; `cells` is the inclusive
   * range [cx0, cy0, cx1, cy1] of cells to read. Kept by the store, never counted from proposals.
   */
  tileCells(q: TileQuery & { cells: [number, number, number, number]; shift: number }): Promise<TileCell[]>;
  /**
   * A tile's proposals encoded by the database itself (PostgreSQL: ST_AsMVT on the GiST index),
   * as layer "proposals"; null when the tile holds more than `limit`. Stores without it leave
   * the encoding to proposal-tiles.ts.
   */
  tileMvt?(q: TileQuery & { z: number; x: number; y: number; extent: number; buffer: number; limit: number }): Promise<Uint8Array | null>;
  /** A city's proposals counted by kind and status, from the kept cell counts (the legend's figures). */
  proposalCounts(city: string): Promise<{ kind: string; status: ProposalStatus; n: number }[]>;
  /**
   * Grows after every write to a proposal this process makes and, where the store can tell
   * (SQLite's data_version), after every commit another server makes to the same database;
   * tile caches compare it. PostgreSQL cannot tell: its tile cache also ages out.
   */
  readonly proposalChanges: number;
}

/** Zoom of the Web Mercator cells proposals are counted in (a cell ≈ 48 × 76 m at 51° N). */
export const CELL_LEVEL = 19;

export interface TileQuery {
  city: string;
  status?: ProposalStatus[];
  /** Only these kinds (every kind when absent or empty). */
  kinds?: string[];
}

export interface TilePoint {
  id: string;
  kind: string;
  status: ProposalStatus;
  /** GeoJSON, or its text as stored (parsed only where the tile is drawn, off the event loop). */
  geometry: Geometry | string;
  lon: number;
  lat: number;
  count: number;
  supports: number;
}

export interface LivePoint {
  kind: string;
  status: ProposalStatus;
  count: number;
  lon: number;
  lat: number;
}

export interface TileCell {
  gx: number;
  gy: number;
  status: ProposalStatus;
  n: number;
  sumLon: number;
  sumLat: number;
}

/** Who did what, for the admin. */
export interface AuditStore {
  audit(entry: AuditEntry): Promise<void>;
  listAudit(limit: number): Promise<AuditEntry[]>;
}

/** Fixed-window counters shared by every server. */
export interface RateLimitStore {
  /** Counts one hit for `key` in a fixed window; refuses once `max` hits are in the window. */
  rateLimitHit(key: string, max: number, windowMs: number, nowMs: number): Promise<RateLimitResult>;
}

/** An upload waiting for an admin's confirmation (the features already read, repaired and checked). */
export interface PendingImport {
  id: string;
  city: string;
  layer: string;
  mode: 'replace' | 'append';
  /** The uploaded file's name, for the audit trail. */
  name: string;
  /** The features as the import made them (pack features), kept until confirmed or expired. */
  features: unknown[];
  refused: number;
  createdAt: string;
  expiresAt: string;
}

/** Caps on the uploads waiting at once, across every server. */
export interface PendingCaps {
  maxPending: number;
  /** Features held by all waiting uploads together. */
  maxFeatures: number;
}

/** A layer imported by an admin: its whole GeoJSON file, which every server serves in place of the pack's file. */
export interface ImportedLayer {
  city: string;
  layer: string;
  /** Rises with every import anywhere (one counter for all layers), so a server sees any change by one read. */
  version: number;
  importedAt: string;
}

/**
 * Pending admin imports and imported layers, where every server sees them: one server takes
 * the upload, any server confirms it, and every server serves the layer from the next request.
 */
export interface LayerStore {
  /**
   * Keeps an upload until it is confirmed or expires. Expired uploads are dropped first, then
   * the oldest until the new one fits the caps (in count and in features); returns the ids dropped.
   */
  putPendingImport(p: PendingImport, caps: PendingCaps, now: string): Promise<{ dropped: string[] }>;
  /**
   * A waiting upload of `city`, left waiting (it is taken by the save that stores its layer, so
   * a confirmation that fails for any reason can be made again); null when none or expired at `now`.
   */
  pendingImport(city: string, id: string, now: string): Promise<PendingImport | null>;
  /**
   * Stores a layer's GeoJSON file text, unless that layer changed after version `basedOn`
   * (another server imported into it meanwhile): then nothing is written and ok is false.
   * With `pendingId`, the same transaction takes (deletes) that waiting upload: when it is gone
   * already (confirmed by another request), nothing is written and `importGone` is true.
   */
  saveImportedLayer(
    l: { city: string; layer: string; text: string; importedAt: string },
    basedOn: number,
    pendingId?: string,
  ): Promise<{ ok: boolean; version: number; importGone?: true }>;
  /** The highest version of any imported layer (0 when none): what a server checks per request. */
  importedLayersVersion(): Promise<number>;
  importedLayers(): Promise<ImportedLayer[]>;
  /** The GeoJSON file text of an imported layer, or null. */
  importedLayerText(city: string, layer: string): Promise<{ text: string; version: number } | null>;
}

/** Where an undertaking stands, from a fixed list (a progress update's status). */
export const PROGRESS_STATUSES = ['planned', 'in_preparation', 'in_progress', 'done', 'suspended', 'dropped'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** One dated account of an undertaking's progress, as a planner recorded it. Never changed once written. */
export interface ProgressUpdate {
  id: string;
  city: string;
  undertaking: string;
  /** The date the update describes (YYYY-MM-DD): "by then, 2.1 km were built". */
  asOf: string;
  status: ProgressStatus;
  /** Values reached by `asOf`, cumulative, keyed by the declared figure's id (only the figures this update reports). */
  values: Record<string, number>;
  note: string;
  /** What was done by `asOf` (the built section, the plot), when drawn or imported. */
  geometry: Geometry | null;
  /** The update this one corrects (it then stands in the corrected one's place), or null. */
  corrects: string | null;
  author: ActorRef;
  createdAt: string;
}

export interface ProgressQuery {
  city: string;
  undertaking?: string;
  /** Only updates describing a date up to this one (YYYY-MM-DD), inclusive. */
  asOfTo?: string;
  /** Only updates recorded at or after this instant (ISO). */
  createdFrom?: string;
  /** Keyset paging for whole reads: only updates after this one (by id) in the list's order. */
  after?: string;
  limit: number;
  offset: number;
  /** false: skip counting the matches (total is then -1), for reads that page on. */
  withTotal?: boolean;
}

export type AddProgressResult = { ok: true; update: ProgressUpdate } | { ok: false; reason: 'corrects-unknown' | 'corrects-other-undertaking' | 'already-corrected' };

/**
 * Progress of the strategy's undertakings: an append-only log of dated updates. Nothing is
 * edited or deleted (the tables refuse it); a correction is a new update naming the one it corrects.
 */
export interface ProgressStore {
  addProgressUpdate(u: ProgressUpdate): Promise<AddProgressResult>;
  getProgressUpdate(city: string, id: string): Promise<ProgressUpdate | null>;
  /** Oldest state first: by asOf, then by when recorded. */
  listProgressUpdates(q: ProgressQuery): Promise<{ updates: ProgressUpdate[]; total: number }>;
}

/** A resident (or a staff account) following an undertaking's progress. */
export interface UndertakingFollow {
  city: string;
  /** Who follows: "resident:<id>" or "user:<id>" (the nickname session is the only account a resident needs). */
  follower: string;
  undertaking: string;
  followedAt: string;
  /** When the follower last looked at what is new (updates recorded after it are new to them). */
  seenAt: string;
}

export type FollowResult = { ok: true; follow: UndertakingFollow; created: boolean } | { ok: false; reason: 'too-many-follows' };

/** Who follows which undertaking. Each follower sees and changes only their own rows. */
export interface FollowStore {
  /** Follows (idempotent: following again keeps the first row); refused past `max` follows of one follower in a town. */
  follow(f: UndertakingFollow, max: number): Promise<FollowResult>;
  /** true when there was such a follow. */
  unfollow(city: string, follower: string, undertaking: string): Promise<boolean>;
  /** The follower's follows in a town, oldest first. */
  listFollows(city: string, follower: string): Promise<UndertakingFollow[]>;
  /** The follower looked at what is new: every follow of theirs in the town is seen at `at`. */
  markFollowsSeen(city: string, follower: string, at: string): Promise<void>;
}

/**
 * The whole store, as a database implements it (SQLite or PostgreSQL). Code that uses it asks
 * for the narrowest part it needs (a route that lists proposals takes a ProposalStore).
 */
export interface Store extends AccountStore, ProposalStore, AuditStore, RateLimitStore, LayerStore, ProgressStore, FollowStore {
  readonly kind: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

/** Where a store may keep a proposal's geometry as stored GeoJSON text, for reads that only pass it on. */
export const RAW_GEOMETRY = Symbol('rawGeometry');

/** The stored GeoJSON text of a proposal's geometry when the store kept it, else its serialisation. */
export function geometryJson(p: Proposal): string {
  return (p as Proposal & { [RAW_GEOMETRY]?: string })[RAW_GEOMETRY] ?? JSON.stringify(p.geometry);
}

/** The geometry's type without parsing stored text. */
export function geometryType(p: Proposal): string {
  const raw = (p as Proposal & { [RAW_GEOMETRY]?: string })[RAW_GEOMETRY];
  return raw ? (/"type"\s*:\s*"(\w+)"/.exec(raw)?.[1] ?? p.geometry.type) : p.geometry.type;
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
