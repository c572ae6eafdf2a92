/**
 * The Store on PostgreSQL + PostGIS, for a region: many towns, many proposals, any number of
 * identical viewer servers. Everything that matters lives in the database (proposals and
 * their history, supports, residents, accounts, sessions, rate limits), so any server can
 * answer any request. Spatial work runs in SQL: the spacing rule (ST_DWithin on geography,
 * serialised per city and kind by an advisory lock) and bbox filters (&& on a GiST index).
 * The district of a proposal is the service's (one decision, from the pack's index); counts
 * per district are kept by triggers in the write's own transaction (migration 005).
 *
 * The database may be down when the server starts or go away while it runs: the store keeps
 * trying in the background, and until it can reach a migrated database every call throws
 * StoreUnavailableError (the app answers 503 with Retry-After). Every write is one
 * transaction, so a write cut off by an outage is either all there or not at all.
 */
import { whereSql, type ProposalWhere } from '../proposal-where.ts';
import { toFollow, type FollowRow } from '../follow-rows.ts';
import { createHash } from 'node:crypto';
import pg from 'pg';
import {
  DuplicateError,
  StoreUnavailableError,
  type ActorRef,
  type AuditEntry,
  type ChangeResult,
  type CreateResult,
  type DistrictCounts,
  type NewProposal,
  type Proposal,
  type ProposalEvent,
  type ProposalFilter,
  type ProposalStats,
  type RateLimitResult,
  type Resident,
  type Session,
  type SpacingRule,
  type StatusChange,
  type TileCell,
  type LivePoint,
  type TilePoint,
  type TileQuery,
  type ProposalStatus,
  type Store,
  type FollowResult,
  type UndertakingFollow,
  type User,
  type EmailConfirmation,
  type LoginState,
  type SupportBreakdown,
  type SupportMeta,
  type SupportResult,
  type ImportedLayer,
  type PendingCaps,
  type PendingImport,
  type AddProgressResult,
  type ProgressQuery,
  type ProgressUpdate,
  type OneTripCreate,
  type OneTripResident,
  type OneTripResult,
} from '../store.ts';
import { pendingToDrop, toImportedLayer, toPendingImport, type PendingImportRow } from '../layer-rows.ts';
import { PROGRESS_COLUMNS, PROGRESS_ORDER, progressValues, progressWhere, toProgressUpdate, type ProgressRow } from '../progress-rows.ts';
import { LIVE_STATUSES, editDiff, spacingBox, toEvent, toProposal, toUser, type ProposalRow } from '../rows.ts';
import { breakdown } from '../support-breakdown.ts';
import { trackProposalChanges } from '../proposal-changes.ts';
import { migratePostgres } from './migrate.ts';
import { spacingLocks, type SpacingLocks } from './spacing-locks.ts';
import { splitBbox } from '../../proposals/bbox-cells.ts';

const NO_LOCKS: SpacingLocks = { keys: [], exclusive: [] };

const LIVE = `(${LIVE_STATUSES.map((x) => `'${x}'`).join(', ')})`;
/** Columns of a proposal as the Store returns it; ST_AsGeoJSON with 15 digits round-trips a double. */
const COLS = `id, number, city, kind, ST_AsGeoJSON(geom, 15)::json AS geometry, lon, lat, district, species, count, note, status, reason, supports, supports_confirmed, author_kind, author_id, author_name, created_at, updated_at`;


export interface PostgresStoreOptions {
  /** Where start-up and outage messages go (one line each, no stack traces). */
  log?: (message: string) => void;
  /** Pause between attempts to reach the database at start-up. */
  retryMs?: number;
  /** Connections per server. */
  poolSize?: number;
  /** How long getting a connection may take before the store answers 503 (default 3 s). */
  connectTimeoutMs?: number;
}

/** Statements sent to the database by a store's pools, each one round trip (read by tests that count what a request costs). */
export interface RoundTrips {
  n: number;
}

/** A pg.Client that counts every query it sends into `count` (the pools make their clients with it). */
function countingClient(count: RoundTrips): typeof pg.Client {
  return class CountingClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      const query = this.query.bind(this) as (...args: unknown[]) => unknown;
      this.query = ((...args: unknown[]) => {
        count.n++;
        return query(...args);
      }) as typeof this.query;
    }
  };
}

/** Opens the store and starts connecting in the background; it never throws for an unreachable database. */
export function openPostgresStore(url: string, options: PostgresStoreOptions = {}): PostgresStore {
  const roundTrips: RoundTrips = { n: 0 };
  const Client = countingClient(roundTrips);
  const pool = new pg.Pool({
    Client,
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    idleTimeoutMillis: 10_000,
  });
  // Rate-limit counters go through a small pool of their own whose commits do not wait for the
  // WAL flush (synchronous_commit=off, for these sessions only): a counter is visible to every
  // server at once, and a crash can lose at most the last fraction of a second of hits — a
  // window that restarts early, never a lost proposal. Everything else commits synchronously.
  const counters = new pg.Pool({
    Client,
    connectionString: url,
    max: Math.max(2, Math.ceil((options.poolSize ?? 10) / 4)),
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    idleTimeoutMillis: 10_000,
    options: '-c synchronous_commit=off',
  });
  const store = new PostgresStore(pool, options, counters, roundTrips);
  store.start();
  return store;
}

/** Errors that mean "the database is not reachable", as opposed to a bad query. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  const code = e.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) return true;
  // 08: connection exception; 57P01–03: admin shutdown, crash shutdown, cannot connect now; 53300: too many connections.
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return true;
  return /Connection terminated|timeout exceeded when trying to connect|connection error|Client was closed|Cannot use a pool after calling end/i.test(e.message ?? '');
}

function short(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return (e?.message ?? String(err)).split('\n')[0]!.slice(0, 200) || e?.code || 'unknown error';
}

export class PostgresStore implements Store, OneTripCreate {
  readonly kind = 'postgres' as const;
  private state = 'starting' as 'starting' | 'ready' | 'closed';
  private lastProblem = 'connecting';
  private retry: NodeJS.Timeout | null = null;
  private readyWaiters: (() => void)[] = [];
  private readonly log: (m: string) => void;
  /** Whether the last call reached the database: outage and recovery are each logged once. */
  private reachable = true;
  proposalWrites = 0;
  get proposalChanges(): number {
    return this.proposalWrites;
  }

  constructor(
    readonly pool: pg.Pool,
    private readonly options: PostgresStoreOptions = {},
    /** Where rate-limit counters are written (asynchronous commit); the main pool when not given. */
    private readonly counters: pg.Pool = pool,
    /** Statements sent through both pools so far (for tests: what one request costs). */
    readonly roundTrips: RoundTrips = { n: 0 },
  ) {
    this.log = options.log ?? ((m) => console.error(m));
    trackProposalChanges(this);
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', (err) => this.markDown(err));
    if (counters !== pool) counters.on('error', (err) => this.markDown(err));
  }

  /** Connect and migrate; on failure try again later, forever (never a crash loop). */
  start(): void {
    const attempt = async () => {
      this.retry = null;
      if (this.state === 'closed') return;
      try {
        const applied = await migratePostgres(this.pool);
        if (applied.length) this.log(`PostgreSQL: applied migrations ${applied.join(', ')}`);
        if (this.isClosed()) return;
        this.state = 'ready';
        this.markUp();
        for (const w of this.readyWaiters.splice(0)) w();
      } catch (err) {
        if (this.isClosed()) return;
        const problem = short(err);
        if (problem !== this.lastProblem) this.log(`PostgreSQL not ready (${problem}); retrying every ${(this.options.retryMs ?? 2000) / 1000} s`);
        this.lastProblem = problem;
        this.retry = setTimeout(() => void attempt(), this.options.retryMs ?? 2000);
      }
    };
    void attempt();
  }

  private isClosed(): boolean {
    return this.state === 'closed';
  }

  /** Resolves true once the database is reachable and migrated, false after `timeoutMs`. */
  whenReady(timeoutMs: number): Promise<boolean> {
    if (this.state === 'ready') return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** What is wrong while the store is not ready (for start-up messages). */
  get problem(): string | null {
    return this.state === 'ready' ? null : this.lastProblem;
  }

  async close() {
    this.state = 'closed';
    if (this.retry) clearTimeout(this.retry);
    await this.pool.end().catch(() => undefined);
    if (this.counters !== this.pool) await this.counters.end().catch(() => undefined);
  }

  private markDown(err: unknown) {
    if (this.reachable) this.log(`PostgreSQL unreachable: ${short(err)}; answering 503 until it is back`);
    this.reachable = false;
  }

  private markUp() {
    if (!this.reachable) this.log('PostgreSQL reachable again');
    this.reachable = true;
  }

  private check() {
    if (this.state === 'closed') throw new StoreUnavailableError('the server is shutting down');
    if (this.state !== 'ready') throw new StoreUnavailableError(`not connected yet: ${this.lastProblem}`);
  }

  private wrap(err: unknown): unknown {
    if (isConnectionError(err)) {
      this.markDown(err);
      return new StoreUnavailableError(short(err));
    }
    return err;
  }

  private async q<R extends pg.QueryResultRow>(sql: string, params: unknown[] = [], pool: pg.Pool = this.pool, plan: 'once' | 'per-call' = 'once'): Promise<pg.QueryResult<R>> {
    this.check();
    try {
      // per-call: an unnamed statement, planned for its values each time. For queries whose best
      // plan depends on them: a prepared statement switches to one generic plan after five
      // calls, which for a bbox page at a million proposals was a bitmap scan and a sort of
      // every match (200 ms) instead of a walk of the primary key that stops at the page (1 ms).
      const r = await pool.query<R>(plan === 'per-call' ? { text: sql, values: params } : named(sql, params));
      this.markUp();
      return r;
    } catch (err) {
      throw this.wrap(err);
    }
  }

  /** One transaction on one connection; rolled back on any error, the connection dropped if it broke. */
  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    this.check();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.wrap(err);
    }
    let broken: unknown = undefined;
    try {
      await client.query('BEGIN');
      const out = await fn(preparing(client));
      await client.query('COMMIT');
      this.markUp();
      return out;
    } catch (err) {
      if (isConnectionError(err)) broken = err;
      else await client.query('ROLLBACK').catch((e: unknown) => (broken = e));
      throw this.wrap(err);
    } finally {
      client.release(broken instanceof Error ? broken : broken ? new Error(String(broken)) : undefined);
    }
  }

  async createResident(r: Resident & { tokenHash: string }) {
    await this.q('INSERT INTO residents (id, nickname, token_hash, created_at, city, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      r.id, r.nickname, r.tokenHash, r.createdAt, r.city ?? null, r.expiresAt ?? null,
    ]);
  }

  async residentByTokenHash(tokenHash: string, now = new Date().toISOString()): Promise<Resident | null> {
    return toResident((await this.q('SELECT * FROM residents WHERE token_hash = $1 AND (expires_at IS NULL OR expires_at > $2)', [tokenHash, now])).rows[0]);
  }

  async bindResidentCity(residentId: string, city: string) {
    // The row lock orders concurrent first writes in two towns: the second sees the first's town.
    return this.tx(async (c) => {
      const row = (await c.query<{ city: string | null }>('SELECT city FROM residents WHERE id = $1 FOR UPDATE', [residentId])).rows[0];
      if (!row) return null;
      if (row.city !== null) return row.city;
      await c.query('UPDATE residents SET city = $1 WHERE id = $2', [city, residentId]);
      return city;
    });
  }

  async revokeResidentTokens(residentId: string) {
    const r = await this.q("UPDATE residents SET token_hash = 'revoked:' || id || ':' || $1 WHERE id = $2 AND token_hash NOT LIKE 'revoked:%'", [String(Date.now()), residentId]);
    return (r.rowCount ?? 0) > 0;
  }

  async loginState(login: string): Promise<LoginState> {
    return toLoginState((await this.q('SELECT failures, last_failure_ms, locked FROM login_attempts WHERE login = $1', [login.toLowerCase()])).rows[0]);
  }

  async loginFailed(login: string, nowMs: number, lockAfter: number): Promise<LoginState> {
    const r = await this.q(
      `INSERT INTO login_attempts (login, failures, last_failure_ms, locked) VALUES ($1, 1, $2, $3)
       ON CONFLICT (login) DO UPDATE SET failures = login_attempts.failures + 1, last_failure_ms = EXCLUDED.last_failure_ms,
         locked = login_attempts.locked OR login_attempts.failures + 1 >= $4
       RETURNING failures, last_failure_ms, locked`,
      [login.toLowerCase(), nowMs, lockAfter <= 1, lockAfter],
    );
    return toLoginState(r.rows[0]);
  }

  async loginSucceeded(login: string) {
    await this.q('DELETE FROM login_attempts WHERE login = $1', [login.toLowerCase()]);
  }

  async unlockLogin(login: string) {
    return ((await this.q('DELETE FROM login_attempts WHERE login = $1', [login.toLowerCase()])).rowCount ?? 0) > 0;
  }

  async createEmailConfirmation(x: EmailConfirmation) {
    await this.q('INSERT INTO email_confirmations (token_hash, resident_id, email, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [x.tokenHash, x.residentId, x.email, x.createdAt, x.expiresAt]);
  }

  async confirmEmail(tokenHash: string, now: string): Promise<Resident | null> {
    return this.tx(async (c) => {
      const x = (await c.query<{ resident_id: string; email: string }>('DELETE FROM email_confirmations WHERE token_hash = $1 AND expires_at > $2 RETURNING resident_id, email', [tokenHash, now])).rows[0];
      if (!x) return null;
      return toResident((await c.query('UPDATE residents SET email = $1, email_confirmed_at = $2 WHERE id = $3 RETURNING *', [x.email, now, x.resident_id])).rows[0]);
    });
  }

  async cleanup(now: string, rateBeforeMs: number) {
    return this.tx(async (c) => ({
      rateLimits: (await c.query('DELETE FROM rate_limits WHERE window_start < $1', [rateBeforeMs])).rowCount ?? 0,
      sessions: (await c.query('DELETE FROM sessions WHERE expires_at <= $1', [now])).rowCount ?? 0,
      confirmations: (await c.query('DELETE FROM email_confirmations WHERE expires_at <= $1', [now])).rowCount ?? 0,
    }));
  }

  async supportBreakdown(id: string, burstMin: number, windowMs: number): Promise<SupportBreakdown> {
    const rows = (await this.q<{ network: string | null; created_at: string; confirmed: boolean }>('SELECT network, created_at, confirmed FROM supports WHERE proposal_id = $1 ORDER BY network, created_at', [id])).rows;
    return breakdown(rows.map((r) => ({ network: r.network, at: r.created_at, confirmed: r.confirmed })), burstMin, windowMs);
  }

  async createUser(u: User) {
    try {
      await this.q('INSERT INTO users (id, login, role, password_hash, disabled, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [u.id, u.login, u.role, u.passwordHash, u.disabled, u.createdAt]);
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new DuplicateError('login');
      throw e;
    }
  }

  async userByLogin(login: string) {
    return toUser((await this.q('SELECT * FROM users WHERE lower(login) = lower($1)', [login])).rows[0]);
  }

  async userById(id: string) {
    return toUser((await this.q('SELECT * FROM users WHERE id = $1', [id])).rows[0]);
  }

  async listUsers() {
    return (await this.q('SELECT * FROM users ORDER BY lower(login)')).rows.map((r) => toUser(r)!);
  }

  async setUserDisabled(id: string, disabled: boolean) {
    return ((await this.q('UPDATE users SET disabled = $1 WHERE id = $2', [disabled, id])).rowCount ?? 0) > 0;
  }

  async setUserPassword(id: string, passwordHash: string) {
    return ((await this.q('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, id])).rowCount ?? 0) > 0;
  }

  async createSession(x: Session) {
    await this.q('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [x.idHash, x.userId, x.csrfToken, x.createdAt, x.expiresAt]);
  }

  async sessionByIdHash(idHash: string, now: string): Promise<Session | null> {
    const r = (await this.q<{ id_hash: string; user_id: string; csrf_token: string; created_at: string; expires_at: string }>('SELECT * FROM sessions WHERE id_hash = $1 AND expires_at > $2', [idHash, now])).rows[0];
    return r ? { idHash: r.id_hash, userId: r.user_id, csrfToken: r.csrf_token, createdAt: r.created_at, expiresAt: r.expires_at } : null;
  }

  async deleteSession(idHash: string) {
    await this.q('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteUserSessions(userId: string) {
    await this.q('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }

  async createProposal(p: NewProposal, spacing: SpacingRule): Promise<CreateResult> {
    const { dLon, dLat } = spacingBox(p.lat, spacing.minM);
    // Inserts whose surroundings overlap queue on the same grid-cell locks (on every server), so
    // the spacing check sees every proposal committed before ours: two close ones cannot both get
    // in, while proposals in other parts of town go ahead in parallel. One statement, one round
    // trip: locks, check and inserts happen in kp_create_proposal_v2 (migrations 006, 029, 031).
    const locks = spacing.minM > 0 ? spacingLocks(p.city, p.kind, p.bbox, [p.bbox[0] - dLon, p.bbox[1] - dLat, p.bbox[2] + dLon, p.bbox[3] + dLat]) : NO_LOCKS;
    // The public number comes from the column's default (migration 019); currval reads it back
    // in the same statement, on the same connection, once the function has inserted.
    const near = (
      await this.q<{ nearest_id: string | null; distance_m: number; number: string | null }>(
        `SELECT k.nearest_id, k.distance_m, CASE WHEN k.nearest_id IS NULL THEN currval('proposal_number_seq') END AS number
         FROM (VALUES (1)) one LEFT JOIN LATERAL kp_create_proposal_v2($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) k ON true`,
        [p.id, p.city, p.kind, JSON.stringify(p.geometry), p.lon, p.lat, p.district, p.species, p.count, p.note, p.author.kind, p.author.id, p.author.name, p.createdAt, spacing.minM, dLon, dLat, locks.keys, locks.exclusive],
      )
    ).rows[0];
    if (near?.nearest_id) {
      // Refused: the reply names the nearest proposal (a second read, on the refusal path only).
      const nearest = await this.getProposal(p.city, near.nearest_id);
      if (!nearest) throw new Error(`proposal ${near.nearest_id} vanished`); // proposals are never deleted
      return { ok: false, nearest, distanceM: near.distance_m };
    }
    return { ok: true, proposal: { ...p, number: Number(near!.number), status: 'proposed', reason: null, supports: 0, supportsConfirmed: 0, updatedAt: p.createdAt } };
  }

  async createProposalAs(req: Parameters<OneTripCreate['createProposalAs']>[0]): Promise<OneTripResult> {
    const { proposal: p, spacing, rate } = req;
    const { dLon, dLat } = spacingBox(p.lat, spacing.minM);
    const locks = spacing.minM > 0 ? spacingLocks(p.city, p.kind, p.bbox, [p.bbox[0] - dLon, p.bbox[1] - dLat, p.bbox[2] + dLon, p.bbox[3] + dLat]) : NO_LOCKS;
    // One statement: the procedure of migrations 021, 029 and 032 (its rate-limit hit commits on its own first).
    const r = (
      await this.q<{ outcome: OneTripResult['outcome']; retry_after_ms: string | null; resident: OneTripResident | null; proposal: ProposalRow | null; distance_m: number | null; new_number: string | null }>(
        'CALL kp_create_proposal_as_v3($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)',
        [
          req.tokenHash, req.now, rate.key, rate.max, rate.windowMs, rate.nowMs, req.layersVersion,
          p.id, p.city, p.kind, JSON.stringify(p.geometry), p.lon, p.lat, p.district, p.species, p.count, p.note, p.createdAt, spacing.minM, dLon, dLat, locks.keys, locks.exclusive,
        ],
      )
    ).rows[0]!;
    switch (r.outcome) {
      case 'stale-layers':
      case 'not-signed-in':
        return { outcome: r.outcome };
      case 'rate-limited':
        return { outcome: r.outcome, retryAfterS: Math.max(1, Math.ceil(Number(r.retry_after_ms) / 1000)) };
      case 'wrong-town':
        return { outcome: r.outcome, resident: r.resident! };
      case 'too-close':
        return { outcome: r.outcome, resident: r.resident!, nearest: toProposal(r.proposal!), distanceM: r.distance_m! };
      case 'created': {
        // The row is what was sent, as inserted: the reply is made here, not read back (migration 032).
        const author = { kind: 'resident' as const, id: r.resident!.id, name: r.resident!.nickname };
        const proposal: Proposal = { ...p, author, number: Number(r.new_number), status: 'proposed', reason: null, supports: 0, supportsConfirmed: 0, updatedAt: p.createdAt };
        return { outcome: r.outcome, resident: r.resident!, proposal };
      }
      default:
        throw new Error(`kp_create_proposal_as_v3 answered ${String(r.outcome)}`);
    }
  }

  async getProposal(city: string, id: string) {
    const r = (await this.q<ProposalRow>(`SELECT ${COLS} FROM proposals WHERE city = $1 AND id = $2`, [city, id])).rows[0];
    return r ? toProposal(r) : null;
  }

  async proposalByNumber(city: string, number: number) {
    const r = (await this.q<ProposalRow>(`SELECT ${COLS} FROM proposals WHERE number = $1 AND city = $2`, [number, city])).rows[0];
    return r ? toProposal(r) : null;
  }

  async proposalHistory(id: string): Promise<ProposalEvent[]> {
    const rows = (await this.q<Record<string, unknown>>('SELECT * FROM proposal_events WHERE proposal_id = $1 ORDER BY seq', [id])).rows;
    return rows.map(toEvent);
  }

  async listProposals(f: ProposalFilter) {
    const where = ['city = $1'];
    const args: unknown[] = [f.city];
    const arg = (v: unknown) => `$${args.push(v)}`;
    const envelope = (b: readonly number[]) => `ST_MakeEnvelope(${arg(b[0])}, ${arg(b[1])}, ${arg(b[2])}, ${arg(b[3])}, 4326)`;
    if (f.kind) where.push(`kind = ${arg(f.kind)}`);
    if (f.status?.length) where.push(`status = ANY(${arg(f.status)})`);
    // The total from the kept counts where they hold it, not by a visit of every match (a
    // quarter of a million-proposal town, counted again for each page): town, kind, status and
    // district from the per-cell or per-district counts; a bbox with town, kind and status from
    // the cells wholly inside it and a row count along its edges (bbox-cells.ts).
    const split = f.bbox && f.withTotal !== false && !f.district && !f.author && !f.where && f.after === undefined ? splitBbox(f.bbox) : null;
    let counted = '';
    if (f.withTotal !== false && !f.bbox && !f.author && !f.where && f.after === undefined) {
      // Town, kind, status and district only: the kept counts (summed over their slots) hold the answer.
      const kept = where.join(' AND ');
      counted = f.district
        ? `(SELECT coalesce(SUM(proposals), 0) FROM district_counts WHERE ${kept} AND district = ${arg(f.district)})`
        : `(SELECT coalesce(SUM(n), 0) FROM proposal_cells WHERE ${kept})`;
    } else if (split?.inner) {
      const base = where.join(' AND ');
      const [cx0, cy0, cx1, cy1] = split.inner.map(arg);
      counted = `(SELECT coalesce(SUM(n), 0) FROM proposal_cells WHERE ${base} AND cx BETWEEN ${cx0} AND ${cx1} AND cy BETWEEN ${cy0} AND ${cy1})
        + (SELECT COUNT(*) FROM proposals WHERE ${base} AND (${split.strips.map((b) => `geom && ${envelope(b)}`).join(' OR ')})
           AND NOT (kp_cell_x(lon) BETWEEN ${cx0} AND ${cx1} AND kp_cell_y(lat) BETWEEN ${cy0} AND ${cy1}))`;
    }
    if (f.bbox) where.push(`geom && ${envelope(f.bbox)}`);
    if (f.district) where.push(`district = ${arg(f.district)}`);
    if (f.author) where.push(`author_kind = ${arg(f.author.kind)} AND author_id = ${arg(f.author.id)}`);
    if (f.where) where.push(whereSql(f.where, 'postgres', arg));
    if (f.after !== undefined) where.push(`seq > coalesce((SELECT seq FROM proposals WHERE id = ${arg(f.after)}), 0)`);
    const w = where.join(' AND ');
    const order = f.sort === 'supports' ? 'supports DESC, seq' : f.sort === 'newest' ? 'seq DESC' : 'seq';
    const page = `SELECT ${COLS} FROM proposals WHERE ${w} ORDER BY ${order} LIMIT ${arg(f.limit)} OFFSET ${arg(f.offset)}`;
    if (f.withTotal === false) return { proposals: (await this.q<ProposalRow>(page, args, this.pool, 'per-call')).rows.map(toProposal), total: -1 };
    // The total and the page in one round trip: one row with the total even when the page is empty.
    const rows = (
      await this.q<ProposalRow & { total: string; i: string | null }>(
        `SELECT t.n AS total, p.* FROM (SELECT ${counted ? `${counted} AS n` : `COUNT(*) AS n FROM proposals WHERE ${w}`}) t
         LEFT JOIN LATERAL (SELECT row_number() OVER () AS i, page.* FROM (${page}) page) p ON true ORDER BY p.i`,
        args,
        this.pool,
        'per-call',
      )
    ).rows;
    return { proposals: rows.filter((r) => r.i !== null).map(toProposal), total: Number(rows[0]!.total) };
  }

  async proposalStats(city: string, w?: ProposalWhere): Promise<ProposalStats> {
    const args: unknown[] = [city];
    const arg = (v: unknown) => `$${args.push(v)}`;
    const cond = w ? ` AND ${whereSql(w, 'postgres', arg)}` : '';
    const r = (
      await this.q<{ n: string; w: number | null; s: number; e: number; nn: number; c0: string | null; c1: string | null; u: string | null }>(
        `SELECT COUNT(*) AS n, MIN(ST_XMin(geom)) AS w, MIN(ST_YMin(geom)) AS s, MAX(ST_XMax(geom)) AS e, MAX(ST_YMax(geom)) AS nn,
          MIN(created_at) AS c0, MAX(created_at) AS c1, MAX(updated_at) AS u FROM proposals WHERE city = $1${cond}`,
        args,
      )
    ).rows[0]!;
    return { count: Number(r.n), bbox: r.w === null ? null : [Number(r.w), Number(r.s), Number(r.e), Number(r.nn)], firstCreated: r.c0, lastCreated: r.c1, lastUpdated: r.u };
  }

  async changeStatus(city: string, id: string, ch: StatusChange): Promise<ChangeResult> {
    return this.tx(async (c): Promise<ChangeResult> => {
      const row = (await c.query<ProposalRow>(`SELECT ${COLS} FROM proposals WHERE city = $1 AND id = $2 FOR UPDATE`, [city, id])).rows[0];
      if (!row) return { ok: false, reason: 'not-found' };
      if (!ch.from.includes(row.status)) return { ok: false, reason: 'conflict', current: row.status };
      await c.query('UPDATE proposals SET status = $1, reason = $2, updated_at = $3 WHERE id = $4', [ch.to, ch.reason, ch.at, id]);
      await event(c, id, { at: ch.at, actor: ch.actor, action: ch.action, fromStatus: row.status, toStatus: ch.to, reason: ch.reason, changes: null });
      return { ok: true, proposal: toProposal({ ...row, status: ch.to, reason: ch.reason, updated_at: ch.at }) };
    });
  }

  async editProposal(city: string, id: string, edit: { count?: number; species?: string }, actor: ActorRef, at: string): Promise<ChangeResult> {
    return this.tx(async (c): Promise<ChangeResult> => {
      const row = (await c.query<ProposalRow>(`SELECT ${COLS} FROM proposals WHERE city = $1 AND id = $2 FOR UPDATE`, [city, id])).rows[0];
      if (!row) return { ok: false, reason: 'not-found' };
      const { count, species, changes } = editDiff(row, edit);
      if (!changes) return { ok: true, proposal: toProposal(row) };
      await c.query('UPDATE proposals SET count = $1, species = $2, updated_at = $3 WHERE id = $4', [count, species, at, id]);
      await event(c, id, { at, actor, action: 'edited', fromStatus: row.status, toStatus: row.status, reason: null, changes });
      return { ok: true, proposal: toProposal({ ...row, count, species, updated_at: at }) };
    });
  }

  async addSupport(city: string, id: string, residentId: string, at: string, meta?: SupportMeta): Promise<SupportResult> {
    return this.tx(async (c): Promise<SupportResult> => {
      const row = (await c.query<{ supports: number; status: string; author_kind: string; author_id: string }>('SELECT supports, status, author_kind, author_id FROM proposals WHERE city = $1 AND id = $2', [city, id])).rows[0];
      if (!row) return { found: false, added: false, supports: 0 };
      if (row.status !== 'proposed' && row.status !== 'accepted') return { found: true, added: false, supports: row.supports, refused: 'not-live' };
      if (row.author_kind === 'resident' && row.author_id === residentId) return { found: true, added: false, supports: row.supports, refused: 'own' };
      const confirmed = meta?.confirmed ?? false;
      const added = ((await c.query('INSERT INTO supports (proposal_id, resident_id, created_at, network, confirmed) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [id, residentId, at, meta?.network ?? null, confirmed])).rowCount ?? 0) > 0;
      if (!added) return { found: true, added, supports: (await c.query<{ supports: number }>('SELECT supports FROM proposals WHERE id = $1', [id])).rows[0]!.supports };
      // The row lock of this UPDATE orders concurrent supports: the count is exact.
      const supports = (await c.query<{ supports: number }>('UPDATE proposals SET supports = supports + 1, supports_confirmed = supports_confirmed + $2 WHERE id = $1 RETURNING supports', [id, confirmed ? 1 : 0])).rows[0]!.supports;
      return { found: true, added, supports };
    });
  }

  async removeSupport(city: string, id: string, residentId: string) {
    return this.tx(async (c) => {
      const row = (await c.query<{ supports: number }>('SELECT supports FROM proposals WHERE city = $1 AND id = $2', [city, id])).rows[0];
      if (!row) return { found: false, removed: false, supports: 0 };
      const gone = (await c.query<{ confirmed: boolean }>('DELETE FROM supports WHERE proposal_id = $1 AND resident_id = $2 RETURNING confirmed', [id, residentId])).rows[0];
      if (!gone) return { found: true, removed: false, supports: (await c.query<{ supports: number }>('SELECT supports FROM proposals WHERE id = $1', [id])).rows[0]!.supports };
      const supports = (await c.query<{ supports: number }>('UPDATE proposals SET supports = supports - 1, supports_confirmed = supports_confirmed - $2 WHERE id = $1 RETURNING supports', [id, gone.confirmed ? 1 : 0])).rows[0]!.supports;
      return { found: true, removed: true, supports };
    });
  }

  async supportedBy(city: string, residentId: string, ids: string[]) {
    if (ids.length === 0) return new Set<string>();
    const rows = (
      await this.q<{ proposal_id: string }>(
        'SELECT s.proposal_id FROM supports s JOIN proposals p ON p.id = s.proposal_id WHERE p.city = $1 AND s.resident_id = $2 AND s.proposal_id = ANY($3)',
        [city, residentId, ids],
      )
    ).rows;
    return new Set(rows.map((r) => r.proposal_id));
  }

  async districtCounts(city: string): Promise<DistrictCounts[]> {
    return (
      await this.q<DistrictCounts>(
        `SELECT kind, district,
           COALESCE(SUM(units) FILTER (WHERE status IN ${LIVE}), 0)::int AS proposed,
           COALESCE(SUM(units) FILTER (WHERE status IN ('accepted', 'planted')), 0)::int AS accepted,
           COALESCE(SUM(units) FILTER (WHERE status = 'planted'), 0)::int AS planted
         FROM district_counts WHERE city = $1 GROUP BY kind, district ORDER BY kind, district`,
        [city],
      )
    ).rows;
  }

  async districtCountsOn(city: string, day: string): Promise<DistrictCounts[]> {
    return (
      await this.q<DistrictCounts>(
        `SELECT kind, district,
           COALESCE(SUM(units) FILTER (WHERE status IN ${LIVE}), 0)::int AS proposed,
           COALESCE(SUM(units) FILTER (WHERE status IN ('accepted', 'planted')), 0)::int AS accepted,
           COALESCE(SUM(units) FILTER (WHERE status = 'planted'), 0)::int AS planted
         FROM (SELECT kind, district, status, units FROM district_counts_monthly WHERE city = $1 AND month < $2
           UNION ALL SELECT kind, district, status, units FROM district_counts_daily WHERE city = $1 AND day >= $3 AND day <= $4) h
         GROUP BY kind, district ORDER BY kind, district`,
        // The months before the day's own, then the days of its month up to it.
        [city, day.slice(0, 7), `${day.slice(0, 7)}-01`, day],
      )
    ).rows;
  }

  async livePointsInBox(city: string, bbox: [number, number, number, number], limit: number): Promise<LivePoint[]> {
    return (
      await this.q<LivePoint>(
        `SELECT kind, status, count, lon, lat FROM proposals
         WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND city = $5 AND status IN ${LIVE} LIMIT $6`,
        [bbox[0], bbox[1], bbox[2], bbox[3], city, limit + 1],
        this.pool,
        'per-call',
      )
    ).rows;
  }

  async tilePoints(q: TileQuery & { bbox: [number, number, number, number]; limit: number }): Promise<TilePoint[]> {
    const args: unknown[] = [q.bbox[0], q.bbox[1], q.bbox[2], q.bbox[3], q.limit + 1];
    const where = tileWhere(q, args);
    return (
      await this.q<TilePoint>(
        `SELECT id, kind, status, ST_AsGeoJSON(geom, 15)::json AS geometry, lon, lat, count, supports
         FROM proposals WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND ${where} LIMIT $5`,
        args,
        this.pool,
        'per-call',
      )
    ).rows;
  }

  async tileCells(q: TileQuery & { cells: [number, number, number, number]; shift: number }): Promise<TileCell[]> {
    const args: unknown[] = [q.shift, q.cells[0], q.cells[1], q.cells[2], q.cells[3]];
    const where = tileWhere(q, args);
    return (
      await this.q<TileCell>(
        `SELECT (cx >> $1::int)::int AS gx, (cy >> $1::int)::int AS gy, status, SUM(n)::int AS n, SUM(sum_lon) AS "sumLon", SUM(sum_lat) AS "sumLat"
         FROM proposal_cells WHERE cx BETWEEN $2 AND $4 AND cy BETWEEN $3 AND $5 AND ${where}
         GROUP BY 1, 2, 3 HAVING SUM(n) > 0`,
        args,
      )
    ).rows;
  }

  async tileMvt(q: TileQuery & { z: number; x: number; y: number; extent: number; buffer: number; limit: number }): Promise<Uint8Array | null> {
    // The GiST index finds the tile's proposals (with the buffer), ST_AsMVTGeom puts them in tile
    // units and ST_AsMVT encodes the layer: no geometry leaves the database as text.
    const args: unknown[] = [q.z, q.x, q.y, q.extent, q.buffer, q.limit + 1];
    const where = tileWhere(q, args);
    const r = await this.q<{ n: number; mvt: Buffer | null }>(
      `WITH hits AS (
         SELECT id, kind, status, count, supports, geom FROM proposals
         WHERE geom && ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => $5::float8 / $4::float8), 4326) AND ${where}
         LIMIT $6),
       drawn AS (
         SELECT id, kind, status, count, supports, ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope($1::int, $2::int, $3::int), $4::int, $5::int, true) AS geom FROM hits)
       SELECT (SELECT COUNT(*) FROM hits)::int AS n,
         (SELECT ST_AsMVT(drawn, 'proposals', $4::int, 'geom') FROM drawn WHERE geom IS NOT NULL) AS mvt`,
      args,
      this.pool,
      'per-call',
    );
    const row = r.rows[0]!;
    if (row.n > q.limit) return null;
    return row.mvt ? new Uint8Array(row.mvt.buffer, row.mvt.byteOffset, row.mvt.byteLength) : new Uint8Array(0);
  }

  async proposalCounts(city: string) {
    return (
      await this.q<{ kind: string; status: ProposalStatus; n: number }>(
        'SELECT kind, status, SUM(n)::int AS n FROM proposal_cells WHERE city = $1 GROUP BY kind, status HAVING SUM(n) > 0',
        [city],
      )
    ).rows;
  }

  async audit(e: AuditEntry) {
    await this.q('INSERT INTO audit (at, actor_kind, actor_id, action, target, details) VALUES ($1, $2, $3, $4, $5, $6)', [
      e.at, e.actor.kind, e.actor.id, e.action, e.target, e.details === undefined ? null : JSON.stringify(e.details),
    ]);
  }

  async follow(f: UndertakingFollow, max: number): Promise<FollowResult> {
    return this.tx(async (c): Promise<FollowResult> => {
      // One follower's follows are counted and added under a lock on that follower, so two tabs cannot pass the cap together.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`follows:${f.city}:${f.follower}`]);
      const have = (await c.query<FollowRow>('SELECT * FROM undertaking_follows WHERE city = $1 AND follower = $2 AND undertaking = $3', [f.city, f.follower, f.undertaking])).rows[0];
      if (have) return { ok: true, follow: toFollow(have), created: false };
      const n = Number((await c.query<{ n: string }>('SELECT COUNT(*) AS n FROM undertaking_follows WHERE city = $1 AND follower = $2', [f.city, f.follower])).rows[0]!.n);
      if (n >= max) return { ok: false, reason: 'too-many-follows' };
      await c.query('INSERT INTO undertaking_follows (city, follower, undertaking, followed_at, seen_at) VALUES ($1, $2, $3, $4, $5)', [f.city, f.follower, f.undertaking, f.followedAt, f.seenAt]);
      return { ok: true, follow: f, created: true };
    });
  }

  async unfollow(city: string, follower: string, undertaking: string): Promise<boolean> {
    return ((await this.q('DELETE FROM undertaking_follows WHERE city = $1 AND follower = $2 AND undertaking = $3', [city, follower, undertaking])).rowCount ?? 0) > 0;
  }

  async listFollows(city: string, follower: string): Promise<UndertakingFollow[]> {
    return (await this.q<FollowRow>('SELECT * FROM undertaking_follows WHERE city = $1 AND follower = $2 ORDER BY followed_at, undertaking', [city, follower])).rows.map(toFollow);
  }

  async markFollowsSeen(city: string, follower: string, at: string): Promise<void> {
    await this.q('UPDATE undertaking_follows SET seen_at = $1 WHERE city = $2 AND follower = $3 AND seen_at < $1', [at, city, follower]);
  }

  async addProgressUpdate(u: ProgressUpdate): Promise<AddProgressResult> {
    return this.tx(async (c): Promise<AddProgressResult> => {
      if (u.corrects) {
        // Lock the corrected row so two corrections of it cannot both pass the check.
        const target = (await c.query<{ undertaking: string }>('SELECT undertaking FROM progress_updates WHERE city = $1 AND id = $2 FOR SHARE', [u.city, u.corrects])).rows[0];
        if (!target) return { ok: false, reason: 'corrects-unknown' };
        if (target.undertaking !== u.undertaking) return { ok: false, reason: 'corrects-other-undertaking' };
        if ((await c.query('SELECT 1 FROM progress_updates WHERE corrects = $1', [u.corrects])).rowCount) return { ok: false, reason: 'already-corrected' };
      }
      await c.query(`INSERT INTO progress_updates (${PROGRESS_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, progressValues(u));
      return { ok: true, update: u };
    }).catch((err: unknown) => {
      // Two corrections racing: the unique index on corrects lets one in.
      if ((err as { code?: string }).code === '23505' && /corrects/.test((err as { constraint?: string }).constraint ?? '')) return { ok: false, reason: 'already-corrected' } as const;
      throw err;
    });
  }

  async getProgressUpdate(city: string, id: string): Promise<ProgressUpdate | null> {
    const r = (await this.q<ProgressRow>('SELECT * FROM progress_updates WHERE city = $1 AND id = $2', [city, id])).rows[0];
    return r ? toProgressUpdate(r) : null;
  }

  async listProgressUpdates(q: ProgressQuery): Promise<{ updates: ProgressUpdate[]; total: number }> {
    const { where, args } = progressWhere(q, (i) => `$${i}`);
    const n = args.length;
    const rows = (await this.q<ProgressRow>(`SELECT * FROM progress_updates WHERE ${where} ${PROGRESS_ORDER} LIMIT $${n + 1} OFFSET $${n + 2}`, [...args, q.limit, q.offset])).rows;
    const total = q.withTotal === false ? -1 : Number((await this.q<{ n: string }>(`SELECT COUNT(*) AS n FROM progress_updates WHERE ${where}`, args)).rows[0]!.n);
    return { updates: rows.map(toProgressUpdate), total };
  }

  async listAudit(limit: number): Promise<AuditEntry[]> {
    return (await this.q<Record<string, unknown>>('SELECT * FROM audit ORDER BY seq DESC LIMIT $1', [limit])).rows.map((r) => ({
      at: r.at as string,
      actor: { kind: r.actor_kind as ActorRef['kind'], id: r.actor_id as string, name: '' },
      action: r.action as string,
      target: r.target as string,
      details: r.details ?? undefined,
    }));
  }

  async putPendingImport(p: PendingImport, caps: PendingCaps, now: string): Promise<{ dropped: string[] }> {
    return this.tx(async (c) => {
      // One server at a time decides what to drop, so the caps hold across servers.
      await c.query('SELECT pg_advisory_xact_lock($1)', [PENDING_LOCK]);
      const expired = (await c.query<{ id: string }>('DELETE FROM pending_imports WHERE expires_at <= $1 RETURNING id', [now])).rows.map((r) => r.id);
      const rows = (await c.query<{ id: string; feature_count: number }>('SELECT id, feature_count FROM pending_imports ORDER BY seq')).rows;
      const drop = pendingToDrop(rows, p.features.length, caps);
      if (drop.length) await c.query('DELETE FROM pending_imports WHERE id = ANY($1)', [drop]);
      await c.query(
        `INSERT INTO pending_imports (id, city, layer, mode, name, features, feature_count, refused, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [p.id, p.city, p.layer, p.mode, p.name, JSON.stringify(p.features), p.features.length, p.refused, p.createdAt, p.expiresAt],
      );
      return { dropped: [...expired, ...drop] };
    });
  }

  async pendingImport(city: string, id: string, now: string): Promise<PendingImport | null> {
    const r = await this.q<PendingImportRow>('SELECT * FROM pending_imports WHERE id = $1 AND city = $2 AND expires_at > $3', [id, city, now]);
    return r.rows[0] ? toPendingImport(r.rows[0]) : null;
  }

  async saveImportedLayer(
    l: { city: string; layer: string; text: string; importedAt: string },
    basedOn: number,
    pendingId?: string,
  ): Promise<{ ok: boolean; version: number; importGone?: true }> {
    return this.tx(async (c) => {
      // Under the lock versions follow commit order: a server that has read version v has seen every import up to v.
      await c.query('SELECT pg_advisory_xact_lock($1)', [LAYERS_LOCK]);
      const current = (await c.query<{ version: string }>('SELECT version FROM imported_layers WHERE city = $1 AND layer = $2', [l.city, l.layer])).rows[0];
      const top = Number((await c.query<{ v: string }>('SELECT coalesce(max(version), 0) AS v FROM imported_layers')).rows[0]!.v);
      if (current && Number(current.version) > basedOn) return { ok: false, version: top };
      // The upload is taken in the layer's transaction: a failed save leaves it waiting.
      if (pendingId !== undefined && ((await c.query('DELETE FROM pending_imports WHERE id = $1 AND city = $2', [pendingId, l.city])).rowCount ?? 0) === 0) {
        return { ok: false, version: top, importGone: true as const };
      }
      await c.query(
        `INSERT INTO imported_layers (city, layer, geojson, version, imported_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (city, layer) DO UPDATE SET geojson = excluded.geojson, version = excluded.version, imported_at = excluded.imported_at`,
        [l.city, l.layer, l.text, top + 1, l.importedAt],
      );
      return { ok: true, version: top + 1 };
    });
  }

  async importedLayersVersion(): Promise<number> {
    return Number((await this.q<{ v: string }>('SELECT coalesce(max(version), 0) AS v FROM imported_layers')).rows[0]!.v);
  }

  async importedLayers(): Promise<ImportedLayer[]> {
    return (await this.q<Parameters<typeof toImportedLayer>[0]>('SELECT city, layer, version, imported_at FROM imported_layers ORDER BY city, layer')).rows.map(toImportedLayer);
  }

  async importedLayerText(city: string, layer: string): Promise<{ text: string; version: number } | null> {
    const r = (await this.q<{ geojson: string; version: string }>('SELECT geojson, version FROM imported_layers WHERE city = $1 AND layer = $2', [city, layer])).rows[0];
    return r ? { text: r.geojson, version: Number(r.version) } : null;
  }

  async rateLimitHit(key: string, max: number, windowMs: number, nowMs: number): Promise<RateLimitResult> {
    // One statement: a new window starts when the old one is over, else the hit is counted;
    // concurrent hits from several servers each see the count after their own.
    const r = (
      await this.q<{ window_start: string; hits: number }>(
        `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (key) DO UPDATE SET
           window_start = CASE WHEN $2 - rate_limits.window_start >= $3 THEN $2 ELSE rate_limits.window_start END,
           hits = CASE WHEN $2 - rate_limits.window_start >= $3 THEN 1 ELSE rate_limits.hits + 1 END
         RETURNING window_start, hits`,
        [key, nowMs, windowMs],
        this.counters,
      )
    ).rows[0]!;
    if (r.hits <= max) return { allowed: true, retryAfterS: 0 };
    return { allowed: false, retryAfterS: Math.max(1, Math.ceil((Number(r.window_start) + windowMs - nowMs) / 1000)) };
  }
}

/**
 * Queries with parameters become named prepared statements: each connection plans them once
 * (PostGIS planning costs about as much as running these small queries).
 */
function named(text: string, values: unknown[]): pg.QueryConfig {
  return values.length ? { name: `kp_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text, values } : { text, values };
}

/** The client, with query(text, values) going through named(). */
function preparing(client: pg.PoolClient): pg.PoolClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'query') return (text: string, values: unknown[] = []) => target.query(named(text, values));
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/** Advisory-lock keys (arbitrary constants) for deciding pending-import drops and layer versions one server at a time. */
const PENDING_LOCK = 727_240_011;
const LAYERS_LOCK = 727_240_012;

async function event(c: pg.PoolClient, proposalId: string, e: ProposalEvent) {
  await c.query(`INSERT INTO proposal_events (proposal_id, at, actor_kind, actor_id, actor_name, action, from_status, to_status, reason, changes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [proposalId, e.at, e.actor.kind, e.actor.id, e.actor.name, e.action, e.fromStatus, e.toStatus, e.reason, e.changes ? JSON.stringify(e.changes) : null],
  );
}

/** The city, status and kind conditions of a tile query; appends their values to `args`. */
function tileWhere(q: TileQuery, args: unknown[]): string {
  const arg = (v: unknown) => `$${args.push(v)}`;
  const where = [`city = ${arg(q.city)}`];
  if (q.status?.length) where.push(`status = ANY(${arg(q.status)})`);
  if (q.kinds?.length) where.push(`kind = ANY(${arg(q.kinds)})`);
  return where.join(' AND ');
}

function toResident(r: unknown): Resident | null {
  if (!r) return null;
  const x = r as { id: string; nickname: string; created_at: string; city: string | null; expires_at: string | null; email: string | null; email_confirmed_at: string | null };
  return { id: x.id, nickname: x.nickname, createdAt: x.created_at, city: x.city, expiresAt: x.expires_at, email: x.email, emailConfirmedAt: x.email_confirmed_at };
}

function toLoginState(r: unknown): LoginState {
  if (!r) return { failures: 0, lastFailureMs: 0, locked: false };
  const x = r as { failures: number; last_failure_ms: string | number; locked: boolean };
  return { failures: x.failures, lastFailureMs: Number(x.last_failure_ms), locked: x.locked };
}
