/**
 * The embedded default store: one SQLite file (WAL, synchronous=FULL so an acknowledged
 * write survives a crash), migrations applied at open, an R*Tree for spatial filters.
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Geometry } from 'geojson';
import { registerCqlFunctions } from './cql-functions.ts';
import { whereSql, type ProposalWhere } from '../proposal-where.ts';
import {
  DuplicateError,
  type ActorRef,
  type AuditEntry,
  type ChangeResult,
  type CreateResult,
  type DistrictCounts,
  type NewProposal,
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
  type FollowResult,
  type UndertakingFollow,
  type ProgressQuery,
  type ProgressUpdate,
} from '../store.ts';
import { pendingToDrop, toImportedLayer, toPendingImport, type PendingImportRow } from '../layer-rows.ts';
import { toFollow, type FollowRow } from '../follow-rows.ts';
import { PROGRESS_COLUMNS, PROGRESS_ORDER, progressValues, progressWhere, toProgressUpdate, type ProgressRow } from '../progress-rows.ts';
import { breakdown } from '../support-breakdown.ts';
import { trackProposalChanges } from '../proposal-changes.ts';

import { editDiff, spacingBox, toEvent, toProposal, toUser, type ProposalRow } from '../rows.ts';
import { inPlaceReader, threadReader, type Reader } from './read-pool.ts';
import { splitBbox, walkInOrder } from '../../proposals/bbox-cells.ts';

/** SQLite's proposals row: the shared shape, with its rowid (also the R*Tree key). */
type SqliteProposalRow = ProposalRow & { seq: number };

/** An R*Tree entry (alias r) meeting a bbox; args: west, east, south, north. */
const RTREE_MEETS = 'r.max_lon >= ? AND r.min_lon <= ? AND r.max_lat >= ? AND r.min_lat <= ?';
/** The kept cell of a proposal's position, as migration 007 computes it (zoom 19). */
const CELL_X = 'CAST(floor((p.lon + 180.0) / 360.0 * 524288) AS INTEGER)';
const CELL_Y = 'CAST(floor((1 - ln(tan(radians(p.lat)) + 1 / cos(radians(p.lat))) / pi()) / 2 * 524288) AS INTEGER)';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');



export function openSqliteStore(file: string): SqliteStore {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return new SqliteStore(db, file === ':memory:' ? inPlaceReader(db) : threadReader(file));
}

/** Applies every migrations/NNN_name.sql not yet recorded, each in its own transaction. */
export function migrate(db: Database.Database): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const applied: string[] = [];
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
  for (const f of files) {
    const version = Number(f.slice(0, 3));
    if (done.has(version)) continue;
    const sql = readFileSync(path.join(MIGRATIONS_DIR, f), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(version, f, new Date().toISOString());
    })();
    applied.push(f);
  }
  return applied;
}

interface Job {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly s;
  private readonly cql;
  /**
   * Group commit: writes that arrive while a batch is pending run together in one
   * transaction (each in its own savepoint, so one failing write does not undo the others),
   * and every caller is answered only after the COMMIT, which is fsynced (synchronous=FULL).
   * One fsync per batch instead of one per write is what lets many clients write durably.
   */
  private queue: Job[] = [];
  private flushScheduled = false;

  /** Reads on this thread's connection: the only one with the OGC filter functions (cql_*). */
  private readonly inPlace: Reader;
  proposalWrites = 0;
  /** SQLite's count of commits by other connections to this file (another server's writes). */
  private readonly dataVersion: Database.Statement;
  get proposalChanges(): number {
    return this.proposalWrites + (this.dataVersion.get() as number);
  }

  constructor(
    readonly db: Database.Database,
    /** Long reads (proposal pages and their totals) run here: off the event loop for a file. */
    private readonly reader: Reader = inPlaceReader(db),
  ) {
    this.cql = registerCqlFunctions(db);
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    trackProposalChanges(this);
    this.inPlace = inPlaceReader(db);
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      insertResident: p('INSERT INTO residents (id, nickname, token_hash, created_at, city, expires_at) VALUES (?, ?, ?, ?, ?, ?)'),
      residentByToken: p('SELECT * FROM residents WHERE token_hash = ? AND (expires_at IS NULL OR expires_at > ?)'),
      revokeResident: p("UPDATE residents SET token_hash = 'revoked:' || id || ':' || ? WHERE id = ? AND token_hash NOT LIKE 'revoked:%'"),
      bindCity: p('UPDATE residents SET city = ? WHERE id = ? AND city IS NULL'),
      residentCity: p('SELECT city FROM residents WHERE id = ?'),
      loginGet: p('SELECT failures, last_failure_ms, locked FROM login_attempts WHERE login = ?'),
      loginFail: p(`INSERT INTO login_attempts (login, failures, last_failure_ms, locked) VALUES (?, 1, ?, ?)
        ON CONFLICT(login) DO UPDATE SET failures = failures + 1, last_failure_ms = excluded.last_failure_ms,
          locked = CASE WHEN failures + 1 >= ? THEN 1 ELSE locked END
        RETURNING failures, last_failure_ms, locked`),
      loginReset: p('DELETE FROM login_attempts WHERE login = ?'),
      insertConfirmation: p('INSERT INTO email_confirmations (token_hash, resident_id, email, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
      takeConfirmation: p('DELETE FROM email_confirmations WHERE token_hash = ? AND expires_at > ? RETURNING resident_id, email'),
      confirmResident: p('UPDATE residents SET email = ?, email_confirmed_at = ? WHERE id = ? RETURNING *'),
      cleanRates: p('DELETE FROM rate_limits WHERE window_start < ?'),
      cleanSessions: p('DELETE FROM sessions WHERE expires_at <= ?'),
      cleanConfirmations: p('DELETE FROM email_confirmations WHERE expires_at <= ?'),
      supportRows: p('SELECT network, created_at, confirmed FROM supports WHERE proposal_id = ? ORDER BY network, created_at'),
      insertUser: p('INSERT INTO users (id, login, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      userByLogin: p('SELECT * FROM users WHERE login = ?'),
      userById: p('SELECT * FROM users WHERE id = ?'),
      listUsers: p('SELECT * FROM users ORDER BY login'),
      setDisabled: p('UPDATE users SET disabled = ? WHERE id = ?'),
      setPassword: p('UPDATE users SET password_hash = ? WHERE id = ?'),
      insertSession: p('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
      sessionById: p('SELECT * FROM sessions WHERE id_hash = ? AND expires_at > ?'),
      deleteSession: p('DELETE FROM sessions WHERE id_hash = ?'),
      deleteUserSessions: p('DELETE FROM sessions WHERE user_id = ?'),
      // The public number: the highest plus one (proposals are never deleted, so none is reused; migration 019).
      insertProposal: p(`INSERT INTO proposals (id, city, kind, geometry, lon, lat, district, species, count, note, status, supports,
        author_kind, author_id, author_name, created_at, updated_at, number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'proposed', 0, ?, ?, ?, ?, ?,
        (SELECT IFNULL(MAX(number), 0) + 1 FROM proposals)) RETURNING seq, number`),
      insertRtree: p('INSERT INTO proposals_rtree (seq, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)'),
      near: p(`SELECT p.* FROM proposals_rtree r CROSS JOIN proposals p ON p.seq = r.seq
        WHERE r.max_lon >= ? AND r.min_lon <= ? AND r.max_lat >= ? AND r.min_lat <= ?
          AND p.city = ? AND p.kind = ? AND p.status IN ('proposed', 'accepted', 'planted')`),
      insertEvent: p(`INSERT INTO proposal_events (proposal_id, at, actor_kind, actor_id, actor_name, action, from_status, to_status, reason, changes)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      getProposal: p('SELECT * FROM proposals WHERE city = ? AND id = ?'),
      proposalByNumber: p('SELECT * FROM proposals WHERE number = ? AND city = ?'),
      history: p('SELECT * FROM proposal_events WHERE proposal_id = ? ORDER BY seq'),
      setStatus: p('UPDATE proposals SET status = ?, reason = ?, updated_at = ? WHERE seq = ?'),
      setEdit: p('UPDATE proposals SET count = ?, species = ?, updated_at = ? WHERE seq = ?'),
      insertSupport: p('INSERT OR IGNORE INTO supports (proposal_id, resident_id, created_at, network, confirmed) VALUES (?, ?, ?, ?, ?)'),
      deleteSupport: p('DELETE FROM supports WHERE proposal_id = ? AND resident_id = ? RETURNING confirmed'),
      bumpSupports: p('UPDATE proposals SET supports = supports + ?, supports_confirmed = supports_confirmed + ? WHERE id = ? RETURNING supports'),
      counts: p(`SELECT kind, district,
          SUM(CASE WHEN status IN ('proposed', 'accepted', 'planted') THEN units ELSE 0 END) AS proposed,
          SUM(CASE WHEN status IN ('accepted', 'planted') THEN units ELSE 0 END) AS accepted,
          SUM(CASE WHEN status = 'planted' THEN units ELSE 0 END) AS planted
        FROM district_counts WHERE city = ? GROUP BY kind, district ORDER BY kind, district`),
      countsOn: p(`SELECT kind, district,
          SUM(CASE WHEN status IN ('proposed', 'accepted', 'planted') THEN units ELSE 0 END) AS proposed,
          SUM(CASE WHEN status IN ('accepted', 'planted') THEN units ELSE 0 END) AS accepted,
          SUM(CASE WHEN status = 'planted' THEN units ELSE 0 END) AS planted
        FROM (SELECT kind, district, status, units FROM district_counts_monthly WHERE city = ? AND month < ?
          UNION ALL SELECT kind, district, status, units FROM district_counts_daily WHERE city = ? AND day >= ? AND day <= ?)
        GROUP BY kind, district ORDER BY kind, district`),
      insertAudit: p('INSERT INTO audit (at, actor_kind, actor_id, action, target, details) VALUES (?, ?, ?, ?, ?, ?)'),
      listAudit: p('SELECT * FROM audit ORDER BY seq DESC LIMIT ?'),
      rateGet: p('SELECT window_start, hits FROM rate_limits WHERE key = ?'),
      layersVersion: p('SELECT coalesce(max(version), 0) FROM imported_layers').pluck(),
      rateSet: p('INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET window_start = excluded.window_start, hits = excluded.hits'),
    };
  }

  async close() {
    if (this.queue.length) this.flush();
    await this.reader.close();
    this.db.close();
  }

  /** Runs `fn` inside the next group-commit batch; resolves once the batch is durable. */
  private write<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush() {
    this.flushScheduled = false;
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length === 0) return;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.batch.immediate(jobs, outcomes);
    } catch (error) {
      // The COMMIT itself failed: nothing of this batch is durable.
      for (const j of jobs) j.reject(error);
      return;
    }
    jobs.forEach((j, i) => {
      const o = outcomes[i]!;
      if (o.ok) j.resolve(o.value);
      else j.reject(o.error);
    });
  }

  private readonly batch = this.db.transaction((jobs: Job[], outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[]) => {
    for (const j of jobs) {
      try {
        // A nested transaction is a SAVEPOINT: a job that throws rolls back only its own writes.
        outcomes.push({ ok: true, value: this.db.transaction(j.fn)() });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
  });

  async createResident(r: Resident & { tokenHash: string }) {
    await this.write(() => this.s.insertResident.run(r.id, r.nickname, r.tokenHash, r.createdAt, r.city ?? null, r.expiresAt ?? null));
  }

  async residentByTokenHash(tokenHash: string, now = new Date().toISOString()): Promise<Resident | null> {
    return toResident(this.s.residentByToken.get(tokenHash, now));
  }

  async bindResidentCity(residentId: string, city: string) {
    return this.write(() => {
      this.s.bindCity.run(city, residentId);
      return (this.s.residentCity.pluck().get(residentId) as string | null | undefined) ?? null;
    });
  }

  async revokeResidentTokens(residentId: string) {
    return this.write(() => this.s.revokeResident.run(Date.now(), residentId).changes > 0);
  }

  async loginState(login: string): Promise<LoginState> {
    return toLoginState(this.s.loginGet.get(login.toLowerCase()));
  }

  async loginFailed(login: string, nowMs: number, lockAfter: number): Promise<LoginState> {
    return this.write(() => toLoginState(this.s.loginFail.get(login.toLowerCase(), nowMs, lockAfter <= 1 ? 1 : 0, lockAfter)));
  }

  async loginSucceeded(login: string) {
    await this.write(() => this.s.loginReset.run(login.toLowerCase()));
  }

  async unlockLogin(login: string) {
    return this.write(() => this.s.loginReset.run(login.toLowerCase()).changes > 0);
  }

  async createEmailConfirmation(x: EmailConfirmation) {
    await this.write(() => this.s.insertConfirmation.run(x.tokenHash, x.residentId, x.email, x.createdAt, x.expiresAt));
  }

  async confirmEmail(tokenHash: string, now: string): Promise<Resident | null> {
    return this.write(() => {
      const c = this.s.takeConfirmation.get(tokenHash, now) as { resident_id: string; email: string } | undefined;
      if (!c) return null;
      return toResident(this.s.confirmResident.get(c.email, now, c.resident_id));
    });
  }

  async cleanup(now: string, rateBeforeMs: number) {
    return this.write(() => ({
      rateLimits: this.s.cleanRates.run(rateBeforeMs).changes,
      sessions: this.s.cleanSessions.run(now).changes,
      confirmations: this.s.cleanConfirmations.run(now).changes,
    }));
  }

  async supportBreakdown(id: string, burstMin: number, windowMs: number): Promise<SupportBreakdown> {
    const rows = (this.s.supportRows.all(id) as { network: string | null; created_at: string; confirmed: number }[]).map((r) => ({ network: r.network, at: r.created_at, confirmed: r.confirmed === 1 }));
    return breakdown(rows, burstMin, windowMs);
  }

  async createUser(u: User) {
    try {
      await this.write(() => this.s.insertUser.run(u.id, u.login, u.role, u.passwordHash, u.disabled ? 1 : 0, u.createdAt));
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateError('login');
      throw e;
    }
  }

  async userByLogin(login: string) {
    return toUser(this.s.userByLogin.get(login));
  }

  async userById(id: string) {
    return toUser(this.s.userById.get(id));
  }

  async listUsers() {
    return (this.s.listUsers.all() as unknown[]).map((r) => toUser(r)!);
  }

  async setUserDisabled(id: string, disabled: boolean) {
    return this.write(() => this.s.setDisabled.run(disabled ? 1 : 0, id).changes > 0);
  }

  async setUserPassword(id: string, passwordHash: string) {
    return this.write(() => this.s.setPassword.run(passwordHash, id).changes > 0);
  }

  async createSession(x: Session) {
    await this.write(() => this.s.insertSession.run(x.idHash, x.userId, x.csrfToken, x.createdAt, x.expiresAt));
  }

  async sessionByIdHash(idHash: string, now: string): Promise<Session | null> {
    const r = this.s.sessionById.get(idHash, now) as { id_hash: string; user_id: string; csrf_token: string; created_at: string; expires_at: string } | undefined;
    return r ? { idHash: r.id_hash, userId: r.user_id, csrfToken: r.csrf_token, createdAt: r.created_at, expiresAt: r.expires_at } : null;
  }

  async deleteSession(idHash: string) {
    await this.write(() => this.s.deleteSession.run(idHash));
  }

  async deleteUserSessions(userId: string) {
    await this.write(() => this.s.deleteUserSessions.run(userId));
  }

  async createProposal(p: NewProposal, spacing: SpacingRule): Promise<CreateResult> {
    // One transaction: the spacing check and the insert cannot interleave with another writer.
    return this.write((): CreateResult => {
      if (spacing.minM > 0) {
        const { dLon, dLat } = spacingBox(p.lat, spacing.minM);
        const rows = this.s.near.all(p.bbox[0] - dLon, p.bbox[2] + dLon, p.bbox[1] - dLat, p.bbox[3] + dLat, p.city, p.kind) as (ProposalRow & { geometry: string })[];
        let nearest: { row: ProposalRow & { geometry: string }; d: number } | null = null;
        for (const row of rows) {
          const d = spacing.distanceM(p.geometry, JSON.parse(row.geometry) as Geometry);
          if (d < spacing.minM && (!nearest || d < nearest.d)) nearest = { row, d };
        }
        if (nearest) return { ok: false, nearest: toProposal(nearest.row), distanceM: nearest.d };
      }
      const info = this.s.insertProposal.get(
        p.id, p.city, p.kind, JSON.stringify(p.geometry), p.lon, p.lat, p.district, p.species, p.count, p.note,
        p.author.kind, p.author.id, p.author.name, p.createdAt, p.createdAt,
      ) as { seq: number; number: number };
      this.s.insertRtree.run(info.seq, p.bbox[0], p.bbox[2], p.bbox[1], p.bbox[3]);
      this.event(p.id, { at: p.createdAt, actor: p.author, action: 'created', fromStatus: null, toStatus: 'proposed', reason: null, changes: null });
      return { ok: true, proposal: { ...p, number: info.number, status: 'proposed', reason: null, supports: 0, supportsConfirmed: 0, updatedAt: p.createdAt } };
    });
  }

  async getProposal(city: string, id: string) {
    const row = this.s.getProposal.get(city, id) as SqliteProposalRow | undefined;
    return row ? toProposal(row) : null;
  }

  async proposalByNumber(city: string, number: number) {
    const row = this.s.proposalByNumber.get(number, city) as SqliteProposalRow | undefined;
    return row ? toProposal(row) : null;
  }

  async proposalHistory(id: string): Promise<ProposalEvent[]> {
    return (this.s.history.all(id) as Record<string, unknown>[]).map(toEvent);
  }

  async listProposals(f: ProposalFilter) {
    const where = ['p.city = ?'];
    const args: unknown[] = [f.city];
    if (f.district) {
      where.push('p.district = ?');
      args.push(f.district);
    }
    if (f.kind) {
      where.push('p.kind = ?');
      args.push(f.kind);
    }
    if (f.status?.length) {
      where.push(`p.status IN (${f.status.map(() => '?').join(', ')})`);
      args.push(...f.status);
    }
    if (f.author) {
      where.push('p.author_kind = ? AND p.author_id = ?');
      args.push(f.author.kind, f.author.id);
    }
    if (f.where) where.push(whereSql(f.where, 'sqlite', (v) => (args.push(v), '?'), 'p.'));
    if (f.after !== undefined) {
      where.push('p.seq > coalesce((SELECT seq FROM proposals WHERE id = ?), 0)');
      args.push(f.after);
    }
    this.cql.reset();
    // Without the bbox: what the edge count filters on.
    const [base, baseArgs] = [where.join(' AND '), [...args]];
    let from = 'proposals p';
    if (f.bbox) {
      from = 'proposals_rtree r CROSS JOIN proposals p ON p.seq = r.seq'; // CROSS JOIN: SQLite must walk the R*Tree first
      where.unshift(RTREE_MEETS);
      args.unshift(f.bbox[0], f.bbox[2], f.bbox[1], f.bbox[3]);
    }
    const w = where.join(' AND ');
    const order = f.sort === 'supports' ? 'p.supports DESC, p.seq' : f.sort === 'newest' ? 'p.seq DESC' : 'p.seq';
    // A filter calling our SQL functions runs on this thread (within the functions' own budget);
    // every other read runs on the reader's threads.
    const reader = w.includes('cql_') ? this.inPlace : this.reader;
    // Where the kept counts know the filter (town, kind, status; district), the total comes from
    // them: a bbox's from the cells wholly inside it and a row count along its edges
    // (bbox-cells.ts). And where the matches are a large share of all proposals, the page is
    // found by walking the proposals in order instead of visiting every match to order them (a
    // page of a quarter of a million-proposal town was 0.4 s of CPU; of the whole town 60 ms).
    const keptKnows = !f.author && !f.where && f.after === undefined;
    const split = f.bbox && keptKnows && !f.district ? splitBbox(f.bbox) : null;
    // (Asked when it is the total, or when it may choose the walk: not for a district, which has its index.)
    const kept = !keptKnows || f.bbox || (f.withTotal === false && f.district) ? null : f.district ? this.keptCount('district_counts', 'proposals', f, ' AND district = ?', [f.district]) : this.keptCount('proposal_cells', 'n', f);
    const inner = split?.inner ? await this.innerCount(f, split.inner) : 0;
    const atLeast = split ? inner : kept && !f.district ? await kept : 0;
    if (f.sort !== 'supports' && atLeast > 0 && walkInOrder(f.offset, f.limit, atLeast, (await this.reader.pluck<number | null>('SELECT max(seq) FROM proposals', [])) ?? 0)) {
      // In seq order, each checked against the filter (and the bbox, by its R*Tree entry).
      from = f.bbox ? 'proposals p NOT INDEXED CROSS JOIN proposals_rtree r ON r.seq = p.seq' : 'proposals p NOT INDEXED';
    }
    const count = (): Promise<number> => {
      if (kept) return kept;
      if (!split?.inner) return reader.pluck<number>(`SELECT COUNT(*) FROM ${from} WHERE ${w}`, args);
      const [cx0, cy0, cx1, cy1] = split.inner;
      const strips = split.strips.map(() => `SELECT seq FROM proposals_rtree r WHERE ${RTREE_MEETS}`).join(' UNION ');
      return reader
        .pluck<number>(
          `SELECT COUNT(*) FROM (${strips}) s CROSS JOIN proposals p ON p.seq = s.seq
           WHERE ${base} AND NOT (${CELL_X} BETWEEN ? AND ? AND ${CELL_Y} BETWEEN ? AND ?)`,
          [...split.strips.flatMap((b) => [b[0], b[2], b[1], b[3]]), ...baseArgs, cx0, cx1, cy0, cy1],
        )
        .then((edge) => inner + edge);
    };
    // The page's rows are picked by seq first (from the indexes alone), then read: sorting
    // whole rows would read every matching proposal's geometry for each page.
    const [total, rows] = await Promise.all([
      f.withTotal === false ? -1 : count(),
      reader.all<SqliteProposalRow>(
        `SELECT p.* FROM proposals p WHERE p.seq IN (SELECT p.seq FROM ${from} WHERE ${w} ORDER BY ${order} LIMIT ? OFFSET ?) ORDER BY ${order}`,
        [...args, f.limit, f.offset],
      ),
    ]);
    return { proposals: rows.map(toProposal), total };
  }

  /** The kept count of the proposals placed in the cells [cx0, cy0, cx1, cy1] (town, kind and status of `f`). */
  private innerCount(f: ProposalFilter, [cx0, cy0, cx1, cy1]: [number, number, number, number]): Promise<number> {
    return this.keptCount('proposal_cells', 'n', f, ' AND cx BETWEEN ? AND ? AND cy BETWEEN ? AND ?', [cx0, cx1, cy0, cy1]);
  }

  /** A sum of kept counts (`column` of `table`) for the town, kind and status of `f`, and a further condition. */
  private keptCount(table: 'proposal_cells' | 'district_counts', column: 'n' | 'proposals', f: ProposalFilter, cond = '', condArgs: unknown[] = []): Promise<number> {
    const args: unknown[] = [f.city, ...condArgs];
    if (f.kind) cond += ' AND kind = ?';
    if (f.kind) args.push(f.kind);
    if (f.status?.length) cond += ` AND status IN (${f.status.map(() => '?').join(', ')})`;
    if (f.status?.length) args.push(...f.status);
    return this.reader.pluck<number>(`SELECT coalesce(SUM(${column}), 0) FROM ${table} WHERE city = ?${cond}`, args);
  }

  async proposalStats(city: string, w?: ProposalWhere): Promise<ProposalStats> {
    const args: unknown[] = [city];
    const cond = w ? ` AND ${whereSql(w, 'sqlite', (v) => (args.push(v), '?'), 'p.')}` : '';
    this.cql.reset();
    // A scan of the town's proposals: off the event loop unless it calls our SQL functions.
    const [r] = await (cond.includes('cql_') ? this.inPlace : this.reader).all<{ n: number; w: number | null; s: number; e: number; nn: number; c0: string | null; c1: string | null; u: string | null }>(
      `SELECT COUNT(*) AS n, MIN(r.min_lon) AS w, MIN(r.min_lat) AS s, MAX(r.max_lon) AS e, MAX(r.max_lat) AS nn,
        MIN(p.created_at) AS c0, MAX(p.created_at) AS c1, MAX(p.updated_at) AS u FROM proposals p JOIN proposals_rtree r ON r.seq = p.seq WHERE p.city = ?${cond}`,
      args,
    );
    if (!r) throw new Error('no row from an aggregate');
    return { count: r.n, bbox: r.w === null ? null : [r.w, r.s, r.e, r.nn], firstCreated: r.c0, lastCreated: r.c1, lastUpdated: r.u };
  }

  async changeStatus(city: string, id: string, c: StatusChange): Promise<ChangeResult> {
    return this.write((): ChangeResult => {
      const row = this.s.getProposal.get(city, id) as SqliteProposalRow | undefined;
      if (!row) return { ok: false, reason: 'not-found' };
      if (!c.from.includes(row.status)) return { ok: false, reason: 'conflict', current: row.status };
      this.s.setStatus.run(c.to, c.reason, c.at, row.seq);
      this.event(id, { at: c.at, actor: c.actor, action: c.action, fromStatus: row.status, toStatus: c.to, reason: c.reason, changes: null });
      return { ok: true, proposal: toProposal({ ...row, status: c.to, reason: c.reason, updated_at: c.at }) };
    });
  }

  async editProposal(city: string, id: string, edit: { count?: number; species?: string }, actor: ActorRef, at: string): Promise<ChangeResult> {
    return this.write((): ChangeResult => {
      const row = this.s.getProposal.get(city, id) as SqliteProposalRow | undefined;
      if (!row) return { ok: false, reason: 'not-found' };
      const { count, species, changes } = editDiff(row, edit);
      if (!changes) return { ok: true, proposal: toProposal(row) };
      this.s.setEdit.run(count, species, at, row.seq);
      this.event(id, { at, actor, action: 'edited', fromStatus: row.status, toStatus: row.status, reason: null, changes });
      return { ok: true, proposal: toProposal({ ...row, count, species, updated_at: at }) };
    });
  }

  async addSupport(city: string, id: string, residentId: string, at: string, meta?: SupportMeta): Promise<SupportResult> {
    return this.write((): SupportResult => {
      const row = this.s.getProposal.get(city, id) as SqliteProposalRow | undefined;
      if (!row) return { found: false, added: false, supports: 0 };
      if (row.status !== 'proposed' && row.status !== 'accepted') return { found: true, added: false, supports: row.supports, refused: 'not-live' };
      if (row.author_kind === 'resident' && row.author_id === residentId) return { found: true, added: false, supports: row.supports, refused: 'own' };
      const confirmed = meta?.confirmed ? 1 : 0;
      const added = this.s.insertSupport.run(id, residentId, at, meta?.network ?? null, confirmed).changes > 0;
      const supports = added ? (this.s.bumpSupports.pluck().get(1, confirmed, id) as number) : row.supports;
      return { found: true, added, supports };
    });
  }

  async removeSupport(city: string, id: string, residentId: string) {
    return this.write(() => {
      const row = this.s.getProposal.get(city, id) as SqliteProposalRow | undefined;
      if (!row) return { found: false, removed: false, supports: 0 };
      const gone = this.s.deleteSupport.get(id, residentId) as { confirmed: number } | undefined;
      const supports = gone ? (this.s.bumpSupports.pluck().get(-1, -gone.confirmed, id) as number) : row.supports;
      return { found: true, removed: !!gone, supports };
    });
  }

  async supportedBy(city: string, residentId: string, ids: string[]) {
    if (ids.length === 0) return new Set<string>();
    const rows = this.db
      .prepare(`SELECT s.proposal_id FROM supports s JOIN proposals p ON p.id = s.proposal_id WHERE p.city = ? AND s.resident_id = ? AND s.proposal_id IN (${ids.map(() => '?').join(', ')})`)
      .pluck()
      .all(city, residentId, ...ids) as string[];
    return new Set(rows);
  }

  async districtCounts(city: string): Promise<DistrictCounts[]> {
    return this.s.counts.all(city) as DistrictCounts[];
  }

  async districtCountsOn(city: string, day: string): Promise<DistrictCounts[]> {
    // The months before the day's own, then the days of its month up to it.
    const month = day.slice(0, 7);
    return this.s.countsOn.all(city, month, city, `${month}-01`, day) as DistrictCounts[];
  }

  async livePointsInBox(city: string, bbox: [number, number, number, number], limit: number): Promise<LivePoint[]> {
    return this.reader.all<LivePoint>(
      `SELECT p.kind, p.status, p.count, p.lon, p.lat FROM proposals_rtree r CROSS JOIN proposals p ON p.seq = r.seq
       WHERE r.max_lon >= ? AND r.min_lon <= ? AND r.max_lat >= ? AND r.min_lat <= ? AND p.city = ? AND p.status IN ('proposed', 'accepted', 'planted') LIMIT ?`,
      [bbox[0], bbox[2], bbox[1], bbox[3], city, limit + 1],
    );
  }

  async tilePoints(q: TileQuery & { bbox: [number, number, number, number]; limit: number }): Promise<TilePoint[]> {
    const { where, args } = tileWhere(q, 'p.');
    // Geometry stays text: it is parsed where the tile is drawn (the tile worker), never here.
    return this.reader.all<TilePoint>(
      `SELECT p.id, p.kind, p.status, p.geometry, p.lon, p.lat, p.count, p.supports
       FROM proposals_rtree r CROSS JOIN proposals p ON p.seq = r.seq
       WHERE r.max_lon >= ? AND r.min_lon <= ? AND r.max_lat >= ? AND r.min_lat <= ? AND ${where} LIMIT ?`,
      [q.bbox[0], q.bbox[2], q.bbox[1], q.bbox[3], ...args, q.limit + 1],
    );
  }

  async tileCells(q: TileQuery & { cells: [number, number, number, number]; shift: number }): Promise<TileCell[]> {
    const { where, args } = tileWhere(q, '');
    return this.reader.all<TileCell>(
      `SELECT cx >> ? AS gx, cy >> ? AS gy, status, SUM(n) AS n, SUM(sum_lon) AS sumLon, SUM(sum_lat) AS sumLat
       FROM proposal_cells WHERE cx BETWEEN ? AND ? AND cy BETWEEN ? AND ? AND ${where}
       GROUP BY gx, gy, status HAVING SUM(n) > 0`,
      [q.shift, q.shift, q.cells[0], q.cells[2], q.cells[1], q.cells[3], ...args],
    );
  }

  async proposalCounts(city: string) {
    return this.reader.all<{ kind: string; status: ProposalStatus; n: number }>(
      'SELECT kind, status, SUM(n) AS n FROM proposal_cells WHERE city = ? GROUP BY kind, status HAVING SUM(n) > 0',
      [city],
    );
  }

  async audit(e: AuditEntry) {
    await this.write(() => this.s.insertAudit.run(e.at, e.actor.kind, e.actor.id, e.action, e.target, e.details === undefined ? null : JSON.stringify(e.details)));
  }

  async listAudit(limit: number): Promise<AuditEntry[]> {
    return (this.s.listAudit.all(limit) as Record<string, string>[]).map((r) => ({
      at: r.at!,
      actor: { kind: r.actor_kind as ActorRef['kind'], id: r.actor_id!, name: '' },
      action: r.action!,
      target: r.target!,
      details: r.details ? JSON.parse(r.details) : undefined,
    }));
  }

  async rateLimitHit(key: string, max: number, windowMs: number, nowMs: number): Promise<RateLimitResult> {
    return this.write((): RateLimitResult => {
      const row = this.s.rateGet.get(key) as { window_start: number; hits: number } | undefined;
      const start = row && nowMs - row.window_start < windowMs ? row.window_start : nowMs;
      const hits = row && start === row.window_start ? row.hits : 0;
      if (hits >= max) return { allowed: false, retryAfterS: Math.max(1, Math.ceil((start + windowMs - nowMs) / 1000)) };
      this.s.rateSet.run(key, start, hits + 1);
      return { allowed: true, retryAfterS: 0 };
    });
  }

  async putPendingImport(p: PendingImport, caps: PendingCaps, now: string): Promise<{ dropped: string[] }> {
    return this.write(() => {
      const expired = this.db.prepare('DELETE FROM pending_imports WHERE expires_at <= ? RETURNING id').pluck().all(now) as string[];
      const rows = this.db.prepare('SELECT id, feature_count FROM pending_imports ORDER BY seq').all() as { id: string; feature_count: number }[];
      const drop = pendingToDrop(rows, p.features.length, caps);
      const del = this.db.prepare('DELETE FROM pending_imports WHERE id = ?');
      for (const id of drop) del.run(id);
      this.db
        .prepare(`INSERT INTO pending_imports (id, city, layer, mode, name, features, feature_count, refused, created_at, expires_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(p.id, p.city, p.layer, p.mode, p.name, JSON.stringify(p.features), p.features.length, p.refused, p.createdAt, p.expiresAt);
      return { dropped: [...expired, ...drop] };
    });
  }

  async pendingImport(city: string, id: string, now: string): Promise<PendingImport | null> {
    const row = this.db.prepare('SELECT * FROM pending_imports WHERE id = ? AND city = ? AND expires_at > ?').get(id, city, now) as PendingImportRow | undefined;
    return row ? toPendingImport(row) : null;
  }

  async saveImportedLayer(
    l: { city: string; layer: string; text: string; importedAt: string },
    basedOn: number,
    pendingId?: string,
  ): Promise<{ ok: boolean; version: number; importGone?: true }> {
    // A write transaction holds the file's write lock, so versions follow commit order across processes.
    // Every refusal returns before the first write, so it leaves the store (and the upload) as it was.
    return this.write(() => {
      const current = this.db.prepare('SELECT version FROM imported_layers WHERE city = ? AND layer = ?').pluck().get(l.city, l.layer) as number | undefined;
      const top = this.db.prepare('SELECT coalesce(max(version), 0) FROM imported_layers').pluck().get() as number;
      if (current !== undefined && current > basedOn) return { ok: false, version: top };
      if (pendingId !== undefined && this.db.prepare('DELETE FROM pending_imports WHERE id = ? AND city = ?').run(pendingId, l.city).changes === 0) {
        return { ok: false, version: top, importGone: true as const };
      }
      const version = top + 1;
      this.db
        .prepare(`INSERT INTO imported_layers (city, layer, geojson, version, imported_at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (city, layer) DO UPDATE SET geojson = excluded.geojson, version = excluded.version, imported_at = excluded.imported_at`)
        .run(l.city, l.layer, l.text, version, l.importedAt);
      return { ok: true, version };
    });
  }

  async importedLayersVersion(): Promise<number> {
    return this.s.layersVersion.get() as number;
  }

  async importedLayers(): Promise<ImportedLayer[]> {
    return (this.db.prepare('SELECT city, layer, version, imported_at FROM imported_layers ORDER BY city, layer').all() as Parameters<typeof toImportedLayer>[0][]).map(toImportedLayer);
  }

  async importedLayerText(city: string, layer: string): Promise<{ text: string; version: number } | null> {
    const r = this.db.prepare('SELECT geojson, version FROM imported_layers WHERE city = ? AND layer = ?').get(city, layer) as { geojson: string; version: number } | undefined;
    return r ? { text: r.geojson, version: r.version } : null;
  }

  async addProgressUpdate(u: ProgressUpdate): Promise<AddProgressResult> {
    return this.write((): AddProgressResult => {
      if (u.corrects) {
        const target = this.db.prepare('SELECT undertaking, (SELECT 1 FROM progress_updates c WHERE c.corrects = p.id) AS corrected FROM progress_updates p WHERE city = ? AND id = ?').get(u.city, u.corrects) as { undertaking: string; corrected: number | null } | undefined;
        if (!target) return { ok: false, reason: 'corrects-unknown' };
        if (target.undertaking !== u.undertaking) return { ok: false, reason: 'corrects-other-undertaking' };
        if (target.corrected) return { ok: false, reason: 'already-corrected' };
      }
      this.db.prepare(`INSERT INTO progress_updates (${PROGRESS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...progressValues(u));
      return { ok: true, update: u };
    });
  }

  async getProgressUpdate(city: string, id: string): Promise<ProgressUpdate | null> {
    const r = this.db.prepare('SELECT * FROM progress_updates WHERE city = ? AND id = ?').get(city, id) as ProgressRow | undefined;
    return r ? toProgressUpdate(r) : null;
  }

  async listProgressUpdates(q: ProgressQuery): Promise<{ updates: ProgressUpdate[]; total: number }> {
    const { where, args } = progressWhere(q, () => '?');
    const rows = await this.reader.all<ProgressRow>(`SELECT * FROM progress_updates WHERE ${where} ${PROGRESS_ORDER} LIMIT ? OFFSET ?`, [...args, q.limit, q.offset]);
    const total = q.withTotal === false ? -1 : await this.reader.pluck<number>(`SELECT COUNT(*) FROM progress_updates WHERE ${where}`, args);
    return { updates: rows.map(toProgressUpdate), total };
  }

  async follow(f: UndertakingFollow, max: number): Promise<FollowResult> {
    return this.write((): FollowResult => {
      const have = this.db.prepare('SELECT * FROM undertaking_follows WHERE city = ? AND follower = ? AND undertaking = ?').get(f.city, f.follower, f.undertaking) as FollowRow | undefined;
      if (have) return { ok: true, follow: toFollow(have), created: false };
      const n = this.db.prepare('SELECT COUNT(*) FROM undertaking_follows WHERE city = ? AND follower = ?').pluck().get(f.city, f.follower) as number;
      if (n >= max) return { ok: false, reason: 'too-many-follows' };
      this.db.prepare('INSERT INTO undertaking_follows (city, follower, undertaking, followed_at, seen_at) VALUES (?, ?, ?, ?, ?)').run(f.city, f.follower, f.undertaking, f.followedAt, f.seenAt);
      return { ok: true, follow: f, created: true };
    });
  }

  async unfollow(city: string, follower: string, undertaking: string): Promise<boolean> {
    return this.write(() => this.db.prepare('DELETE FROM undertaking_follows WHERE city = ? AND follower = ? AND undertaking = ?').run(city, follower, undertaking).changes > 0);
  }

  async listFollows(city: string, follower: string): Promise<UndertakingFollow[]> {
    const rows = this.db.prepare('SELECT * FROM undertaking_follows WHERE city = ? AND follower = ? ORDER BY followed_at, undertaking').all(city, follower) as FollowRow[];
    return rows.map(toFollow);
  }

  async markFollowsSeen(city: string, follower: string, at: string): Promise<void> {
    await this.write(() => this.db.prepare('UPDATE undertaking_follows SET seen_at = ? WHERE city = ? AND follower = ? AND seen_at < ?').run(at, city, follower, at));
  }

  private event(proposalId: string, e: ProposalEvent) {
    this.s.insertEvent.run(proposalId, e.at, e.actor.kind, e.actor.id, e.actor.name, e.action, e.fromStatus, e.toStatus, e.reason, e.changes ? JSON.stringify(e.changes) : null);
  }
}

/** The city, status and kind conditions of a tile query. */
function tileWhere(q: TileQuery, prefix: string): { where: string; args: unknown[] } {
  const where = [`${prefix}city = ?`];
  const args: unknown[] = [q.city];
  if (q.status?.length) {
    where.push(`${prefix}status IN (${q.status.map(() => '?').join(', ')})`);
    args.push(...q.status);
  }
  if (q.kinds?.length) {
    where.push(`${prefix}kind IN (${q.kinds.map(() => '?').join(', ')})`);
    args.push(...q.kinds);
  }
  return { where: where.join(' AND '), args };
}

function toResident(r: unknown): Resident | null {
  if (!r) return null;
  const x = r as { id: string; nickname: string; created_at: string; city: string | null; expires_at: string | null; email: string | null; email_confirmed_at: string | null };
  return { id: x.id, nickname: x.nickname, createdAt: x.created_at, city: x.city, expiresAt: x.expires_at, email: x.email, emailConfirmedAt: x.email_confirmed_at };
}

function toLoginState(r: unknown): LoginState {
  if (!r) return { failures: 0, lastFailureMs: 0, locked: false };
  const x = r as { failures: number; last_failure_ms: number; locked: number };
  return { failures: x.failures, lastFailureMs: Number(x.last_failure_ms), locked: x.locked === 1 };
}
