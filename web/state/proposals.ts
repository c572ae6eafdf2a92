/**
 * The proposals slice and what changes it: where the map draws proposals from (the server's
 * vector tiles, by a URL carrying the legend's filters, fetched again after each write; the
 * page never holds every proposal) with the author's last write drawn at once, the legend's
 * counts (from the server's kept counts), the propose flow (choose a kind → place
 * or draw → form → server verdict), the open proposal, the planner's sign-in and review queue.
 * A town may take several kinds: trees (counted in units, with a species) and sites (a pocket
 * park, a coworking centre: one site per proposal). Every change is a `set` on the slice; the
 * app re-renders by watching it (store.ts). The session (who writes) is its own slice.
 */
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import type { CityDetail, ProposalDetail, ProposalFeatureProps, ProposalSetup, RuleRefusal } from '../../server/api-types.ts';
import { ApiRequestError, createProposalApi, errorMessage, wordRefusal, type ProposalApi, type ProposalQuery } from '../api/client.ts';
import { getLocale, t } from '../i18n/index.ts';
import { inLocale, learnPackText } from '../i18n/pack-text.ts';
import type { ErrorWords } from '../i18n/refusals.ts';
import { Session } from './session.ts';
import type { ProposalList } from './proposal-list.ts';
import { Slice } from './store.ts';
import { PROPOSAL_STATUSES, countsMix, symbolsOf, type ProposalFeature, type ProposalStatus, type ProposalSymbol } from './proposal-kinds.ts';

export type ProposalShape = 'point' | 'polygon';
type Kind = ProposalSetup['kinds'][number];
export type { ProposalFeature } from './proposal-kinds.ts';
/** What the map draws: the served properties plus the kind's symbol (circle for trees, a shape per site kind). */
export type MapProposalProps = ProposalFeatureProps & { symbol: ProposalSymbol };

/** The form's error, as data: worded at render (i18n/refusals.ts `wordError`), so a language switch re-words it. */
export type FormError = ErrorWords;

export interface ProposingState {
  /** The kind being proposed (an id from the setup). */
  kind: string;
  shape: ProposalShape;
  geometry: Point | Polygon | null;
  /** Geodesic area (m²) of a drawn area. */
  areaM2: number | null;
  busy: boolean;
  error: FormError | null;
}

export interface SelectedState {
  id: string;
  detail: ProposalDetail | null;
  busy: boolean;
  error: string | null;
}

export interface QueueState {
  status: ProposalStatus;
  district: string | null;
  /** Only proposals of this kind (null: every kind). */
  kind: string | null;
  items: ProposalFeature[];
  total: number;
  loading: boolean;
  busyId: string | null;
  error: string | null;
  /** The last accept or plant, until undone or superseded (its undo restores `from`). */
  last: { id: string; from: ProposalStatus; to: ProposalStatus } | null;
  /** The outcome of the last bulk decision. */
  bulk: { changed: number; refused: number } | null;
}

export interface SubmitDetail {
  species: string;
  count: number;
  note: string;
  nickname?: string;
}

export interface ProposalsState {
  city: string | null;
  townName: string;
  setup: ProposalSetup | null;
  loadError: string | null;
  loaded: boolean;
  /** The tiles the map draws proposals from (null until the town's setup is known). */
  tiles: ProposalTiles | null;
  /** The author's last written proposals (created, reviewed, edited), drawn over the tiles at once. */
  fresh: ProposalFeature[];
  /** Statuses drawn on the map (withdrawn hidden by default). */
  visibleStatuses: ReadonlySet<ProposalStatus>;
  /** Kinds hidden on the map (every kind is drawn by default). */
  hiddenKinds: ReadonlySet<string>;
  /** `fresh` as the map draws it (with the legend's filters); a new object only when it changes. */
  mapFeatures: FeatureCollection<Geometry, MapProposalProps>;
  counts: Record<ProposalStatus, number>;
  /** Live proposals (proposed, accepted, planted) of each kind: the legend and the strategy panel show them. */
  liveByKind: Record<string, number>;
  /** The map and legend symbol of each kind. */
  symbols: Record<string, ProposalSymbol>;
  proposing: ProposingState | null;
  /** What a refused proposal broke (ringed in red on the map). */
  alert: FeatureCollection | null;
  selected: SelectedState | null;
  queue: QueueState;
  signInBusy: boolean;
  signInError: string | null;
}

const emptyCounts = (): Record<ProposalStatus, number> => ({ proposed: 0, accepted: 0, planted: 0, rejected: 0, withdrawn: 0 });

export const initialProposals = (): ProposalsState => ({
  city: null,
  townName: '',
  setup: null,
  loadError: null,
  loaded: false,
  tiles: null,
  fresh: [],
  visibleStatuses: new Set(PROPOSAL_STATUSES.filter((s) => s !== 'withdrawn')),
  hiddenKinds: new Set(),
  mapFeatures: { type: 'FeatureCollection', features: [] },
  counts: emptyCounts(),
  liveByKind: {},
  symbols: {},
  proposing: null,
  alert: null,
  selected: null,
  queue: { status: 'proposed', district: null, kind: null, items: [], total: 0, loading: false, busyId: null, error: null, last: null, bulk: null },
  signInBusy: false,
  signInError: null,
});

/** What the proposals need from the rest of the viewer. */
export interface ProposalsContext {
  /** Counts changed (new proposal, review): district figures are fetched again. */
  changed(): void;
  /** A short confirmation for everyone (role=status). */
  announce(message: string): void;
  /** A context or strategy feature of the pack by id (the pond a refusal names). */
  packFeature(id: string): Feature | null;
  /** The town boundary. */
  boundary(): FeatureCollection | null;
}

const QUEUE_LIMIT = 200;

/** Where the map draws proposals from: a tile URL with the legend's filters (null: nothing shown), a version bumped after each write, each kind's symbol. */
export interface ProposalTiles {
  url: string | null;
  version: number;
  symbols: Record<string, ProposalSymbol>;
}

type CountRow = { kind: string; status: ProposalStatus; n: number };

/** The tile URL template for the legend's filters; null when they leave nothing to draw. */
export function proposalTileUrl(city: string, kinds: readonly string[], visibleStatuses: ReadonlySet<ProposalStatus>, hiddenKinds: ReadonlySet<string>): string | null {
  const statuses = PROPOSAL_STATUSES.filter((st) => visibleStatuses.has(st));
  const shown = kinds.filter((k) => !hiddenKinds.has(k));
  if (!statuses.length || !shown.length) return null;
  const q = new URLSearchParams();
  if (statuses.length < PROPOSAL_STATUSES.length) q.set('status', statuses.join(','));
  if (shown.length < kinds.length) q.set('kind', shown.join(','));
  const query = q.toString().replace(/%2C/g, ',');
  return `/api/cities/${encodeURIComponent(city)}/proposals/tiles/{z}/{x}/{y}.pbf${query ? `?${query}` : ''}`;
}

/** The legend's figures from the server's counts by kind and status. */
function countsFrom(rows: CountRow[], kinds: readonly Pick<Kind, 'id'>[]): Pick<ProposalsState, 'counts' | 'liveByKind'> {
  const counts = emptyCounts();
  const liveByKind: Record<string, number> = Object.fromEntries(kinds.map((k) => [k.id, 0]));
  for (const r of rows) {
    counts[r.status] += r.n;
    if (r.kind in liveByKind && (r.status === 'proposed' || r.status === 'accepted' || r.status === 'planted')) liveByKind[r.kind]! += r.n;
  }
  return { counts, liveByKind };
}

/** What the map draws, derived from the town, the legend's filters and the author's last write. */
function derive(s: Pick<ProposalsState, 'city' | 'fresh' | 'visibleStatuses' | 'hiddenKinds' | 'symbols' | 'setup' | 'tiles'>, bump = false): Pick<ProposalsState, 'tiles' | 'mapFeatures'> {
  const kinds = (s.setup?.kinds ?? []).map((k) => k.id);
  const url = s.city && s.setup ? proposalTileUrl(s.city, kinds, s.visibleStatuses, s.hiddenKinds) : null;
  const version = (s.tiles?.version ?? 0) + (bump ? 1 : 0);
  const tiles = s.tiles && s.tiles.url === url && s.tiles.version === version && s.tiles.symbols === s.symbols ? s.tiles : { url, version, symbols: s.symbols };
  return {
    tiles: s.setup ? tiles : null,
    mapFeatures: {
      type: 'FeatureCollection',
      features: s.fresh
        .filter((f) => s.visibleStatuses.has(f.properties.status) && !s.hiddenKinds.has(f.properties.kind))
        .map((f) => ({ ...f, properties: { ...f.properties, symbol: s.symbols[f.properties.kind] ?? 'circle' } })),
    },
  };
}

export class Proposals {
  readonly slice = new Slice<ProposalsState>(initialProposals());
  readonly session = new Session();
  readonly api: ProposalApi = createProposalApi(() => this.session.headers());
  /**
   * The proposals list (the text alternative to the map), read from the list API: its code and
   * first page come with the proposals tab (`openList`; issue 13: the first map needs neither).
   */
  list: ProposalList | null = null;
  private listLoad: Promise<ProposalList> | null = null;
  /** The town whose session is settled (a stale resident forgotten): the list may read "my" proposals for it. */
  private listCity: string | null = null;

  constructor(private readonly ctx: ProposalsContext) {}

  get s(): ProposalsState {
    return this.slice.state;
  }

  private set(patch: Partial<ProposalsState>): void {
    this.slice.set(patch);
  }

  /** Applies a change and what the map draws from it (`bump`: a write, the tiles are fetched again). */
  private draw(patch: Partial<ProposalsState>, bump = false): void {
    this.set({ ...patch, ...derive({ ...this.s, ...patch }, bump) });
  }

  /** The town's proposal kinds, in the pack's order. */
  get kinds(): Kind[] {
    const setup = this.s.setup;
    if (!setup) return [];
    // In the viewer's language (pack-text.ts); one array per setup and locale, so Lit sees no change between renders.
    const key = `${getLocale()}`;
    if (this.kindsCache?.setup !== setup || this.kindsCache.key !== key) this.kindsCache = { setup, key, kinds: setup.kinds.map((k) => inLocale('kind', k)) };
    return this.kindsCache.kinds;
  }
  private kindsCache: { setup: ProposalSetup; key: string; kinds: Kind[] } | null = null;

  /** The kind being proposed (the first kind when nothing is being proposed). */
  get kind(): Kind | null {
    return (this.s.proposing && this.kindById(this.s.proposing.kind)) ?? this.kinds[0] ?? null;
  }

  kindById(id: string | null | undefined): Kind | null {
    return this.kinds.find((k) => k.id === id) ?? null;
  }

  get enabled(): boolean {
    return this.kinds.length > 0;
  }

  /** Whether the town's kinds are trees only, sites only, or both (for status words like "posadzone"). */
  get mix(): 'units' | 'sites' | 'mixed' {
    return countsMix(this.kinds);
  }

  /** The label of the "propose" buttons: "Zaproponuj drzewo" in a town taking trees only. */
  get proposeLabel(): string {
    return this.kinds.length === 1 && this.mix === 'units' ? t('proposals.propose') : t('proposals.proposeAny');
  }

  /** The proposals tab's introduction, likewise. */
  get introText(): string {
    return this.kinds.length === 1 && this.mix === 'units' ? t('proposals.intro') : t('proposals.introAny');
  }

  /** Whether the polygon tool (terra-draw) should be on. */
  get drawingPolygon(): boolean {
    const p = this.s.proposing;
    return p?.shape === 'polygon' && !p.geometry && !p.busy;
  }

  /** Whether a click on the map places the pin. */
  get placing(): boolean {
    const p = this.s.proposing;
    return p?.shape === 'point' && !p.busy;
  }

  get needsNickname(): boolean {
    return !this.session.isPlanner && !this.session.resident;
  }

  get draft(): Point | Polygon | null {
    return this.s.proposing?.geometry ?? null;
  }

  // ---------- loading ----------

  /** Starts afresh for a town (the session stays: a signed-in planner stays signed in). */
  async init(city: string, detail: Pick<CityDetail, 'name'>): Promise<void> {
    this.slice.reset({ ...initialProposals(), city, townName: detail.name });
    try {
      const [setup, me] = await Promise.all([this.api.setup(city), this.api.me(false).catch(() => null)]);
      if (this.s.city !== city) return;
      learnPackText('kind', setup.kinds);
      this.draw({ setup, symbols: symbolsOf(setup.kinds) });
      if (me?.kind === 'user') this.session.setUser(me);
      else if (this.session.resident) {
        // A token from an older store is forgotten, not sent forever.
        const asResident = await this.api.me(true).catch(() => null);
        if (asResident && asResident.kind !== 'resident') this.session.setResident(null);
      }
      this.listCity = city;
      void this.list?.init(city);
      await this.reload();
      if (this.session.isPlanner) void this.loadQueue();
    } catch (err) {
      if (this.s.city === city) this.set({ loadError: errorMessage(err) });
    }
    if (this.s.city === city) this.set({ loaded: true });
  }

  /** The list for the proposals tab, made (and its first page read) on first use. */
  openList(): Promise<ProposalList> {
    this.listLoad ??= import('./proposal-list.ts').then(
      ({ ProposalList }) => {
        const list = new ProposalList(this.api, () => this.session.resident?.id ?? null);
        this.list = list;
        if (this.listCity && this.listCity === this.s.city) void list.init(this.listCity);
        return list;
      },
      (err: unknown) => {
        this.listLoad = null;
        throw err;
      },
    );
    return this.listLoad;
  }

  /** The legend's counts, from the server's kept counts (the map draws from tiles, never from a list of every proposal). */
  async reload(): Promise<void> {
    const city = this.s.city;
    if (!city) return;
    const rows = await this.api.counts(city);
    if (this.s.city !== city) return;
    this.set({ ...countsFrom(rows, this.kinds), loadError: null });
  }

  setKindVisible(kind: string, visible: boolean): void {
    const hiddenKinds = new Set(this.s.hiddenKinds);
    if (visible) hiddenKinds.delete(kind);
    else hiddenKinds.add(kind);
    this.draw({ hiddenKinds });
  }

  setStatusVisible(status: ProposalStatus, visible: boolean): void {
    const visibleStatuses = new Set(this.s.visibleStatuses);
    if (visible) visibleStatuses.add(status);
    else visibleStatuses.delete(status);
    this.draw({ visibleStatuses });
  }

  /** A proposal written here (new or changed): drawn at once, the tiles fetched again, the counts read again, the list patched. */
  private written(f: ProposalFeature, extra: Partial<ProposalsState> = {}): void {
    this.list?.patch(f);
    this.draw({ fresh: [f], ...extra }, true);
    void this.reload().catch(() => undefined);
  }

  // ---------- proposing ----------

  /**
   * Opens the form for a kind (the first kind by default), with the first geometry it takes
   * (a point when it takes points). A kind hidden on the map is shown again.
   */
  start(shape?: ProposalShape, kindId?: string): void {
    const kind = this.kindById(kindId) ?? this.kinds[0];
    if (!kind) return;
    if (this.s.hiddenKinds.has(kind.id)) this.setKindVisible(kind.id, true);
    this.set({ selected: null, alert: null, proposing: { kind: kind.id, shape: shapeFor(kind, shape), geometry: null, areaM2: null, busy: false, error: null } });
  }

  /** Another kind chosen in the form: the place stays when the kind takes its geometry. */
  setKind(kindId: string): void {
    const p = this.s.proposing;
    const kind = this.kindById(kindId);
    if (!p || !kind || p.kind === kind.id || p.busy) return;
    const shape = shapeFor(kind, p.shape);
    if (this.s.hiddenKinds.has(kind.id)) this.setKindVisible(kind.id, true);
    this.set({
      alert: null,
      proposing: shape === p.shape ? { ...p, kind: kind.id, error: null } : { ...p, kind: kind.id, shape, geometry: null, areaM2: null, error: null },
    });
  }

  cancel(): void {
    this.set({ proposing: null, alert: null });
  }

  setShape(shape: ProposalShape): void {
    const p = this.s.proposing;
    if (!p || p.shape === shape) return;
    if (this.kind && shapeFor(this.kind, shape) !== shape) return;
    this.set({ alert: null, proposing: { ...p, shape, geometry: null, areaM2: null, error: null } });
  }

  placePoint(lngLat: [number, number]): void {
    const p = this.s.proposing;
    if (!p || p.shape !== 'point') return;
    this.set({ alert: null, proposing: { ...p, geometry: { type: 'Point', coordinates: lngLat }, error: null } });
  }

  async polygonDrawn(g: Polygon | MultiPolygon): Promise<void> {
    if (this.s.proposing?.shape !== 'polygon') return;
    const polygon: Polygon = g.type === 'Polygon' ? g : { type: 'Polygon', coordinates: g.coordinates[0]! };
    const clean: Polygon = { type: 'Polygon', coordinates: [polygon.coordinates[0]!] };
    // The area's code comes with the first drawn area (issue 13: our JS at start).
    const { default: turfArea } = await import('@turf/area');
    const p = this.s.proposing;
    if (p?.shape !== 'polygon') return;
    this.set({ alert: null, proposing: { ...p, geometry: clean, areaM2: turfArea(clean), error: null } });
  }

  redraw(): void {
    const p = this.s.proposing;
    if (!p) return;
    this.set({ alert: null, proposing: { ...p, geometry: null, areaM2: null, error: null } });
  }

  /** The most trees the drawn area may take (one per m2PerUnit, at most maxCount); 1 for a site kind. */
  maxCount(): number {
    const k = this.kind;
    const a = this.s.proposing?.areaM2;
    if (!k || a == null || k.counts === 'sites') return 1;
    return Math.max(0, Math.min(k.rules.maxCount, Math.floor(a / k.rules.m2PerUnit)));
  }

  async submit(d: SubmitDetail): Promise<void> {
    const p = this.s.proposing;
    const kind = this.kind;
    const city = this.s.city;
    if (!p || !kind || !city || p.busy) return;
    if (!p.geometry) return this.formError({ code: 'no-place', id: 'proposals.needPlace' });
    this.set({ proposing: { ...p, busy: true, error: null }, alert: null });
    const count = p.geometry.type === 'Point' || kind.counts === 'sites' ? 1 : d.count;
    try {
      if (this.needsNickname) {
        const r = await this.api.signUpResident((d.nickname ?? '').trim());
        this.session.setResident(r);
      }
      const created = await this.api.create(city, {
        kind: kind.id,
        geometry: p.geometry,
        species: kind.needsSpecies ? d.species : undefined,
        count,
        note: d.note,
      });
      this.session.rememberMine(created.id);
      this.written(toFeature(created), { proposing: null, selected: { id: created.id, detail: created, busy: false, error: null } });
      this.ctx.announce(t('proposals.created'));
      this.ctx.changed();
    } catch (err) {
      if (err instanceof ApiRequestError && err.status === 401 && this.session.resident) {
        this.session.setResident(null);
        this.set({ proposing: { ...p, busy: false, error: { code: 'session', id: 'proposals.sessionExpired' } } });
        return;
      }
      const code = err instanceof ApiRequestError ? err.code : 'error';
      const alert = err instanceof ApiRequestError && err.status === 422 ? this.alertFor(err.details as RuleRefusal | undefined, code, p.geometry) : null;
      const error: FormError =
        err instanceof ApiRequestError
          ? { code, refusal: { status: err.status, code: err.code, message: err.message, details: err.details, retryAfterS: err.retryAfterS }, context: this.refusalContext({ areaM2: p.areaM2, count }) }
          : { code, message: errorMessage(err) };
      this.set({ alert, proposing: { ...p, busy: false, error } });
    }
  }

  private formError(error: FormError): void {
    const p = this.s.proposing;
    if (p) this.set({ proposing: { ...p, error } });
  }

  /** What the viewer knows beside a refusal: the town, the kind's rules, what was sent. */
  private refusalContext(sent?: { areaM2?: number | null; count?: number }) {
    return { town: this.s.townName, rules: this.kind?.rules, sent };
  }

  /** The words for a failed write: a refusal by its code and params (i18n/refusals.ts), the wait for 429. */
  messageFor(err: unknown): string {
    if (!(err instanceof ApiRequestError)) return errorMessage(err);
    return wordRefusal(err, this.refusalContext());
  }

  /** What to ring in red on the map for a refusal. */
  private alertFor(details: RuleRefusal | undefined, code: string, sent: Point | Polygon | null): FeatureCollection | null {
    const fc = (features: (Feature | null | undefined)[]): FeatureCollection | null => {
      const list = features.filter((f): f is Feature => Boolean(f?.geometry));
      return list.length ? { type: 'FeatureCollection', features: list } : null;
    };
    const f = details?.feature as (Feature & { geometry?: Geometry }) | { id: string } | undefined;
    if (f && 'geometry' in f && f.geometry) return fc([{ type: 'Feature', properties: {}, geometry: f.geometry }]);
    if (f && 'id' in f && f.id !== undefined) {
      const pack = this.ctx.packFeature(String(f.id));
      if (pack) return fc([{ type: 'Feature', properties: {}, geometry: pack.geometry }]);
    }
    if (code === 'outside-town') return fc(this.ctx.boundary()?.features ?? []);
    if ((code === 'count-too-high' || code === 'area-too-large') && sent) return fc([{ type: 'Feature', properties: {}, geometry: sent }]);
    return null;
  }

  // ---------- one proposal ----------

  async open(id: string): Promise<void> {
    const city = this.s.city;
    if (!city) return;
    const sel = this.s.selected;
    this.set({ selected: { id, detail: sel?.id === id ? sel.detail : null, busy: false, error: null } });
    try {
      const detail = await this.api.get(city, id);
      const now = this.s.selected;
      // Opened by its public number (a link `#krasnik/proposal/123`): from here on by its id.
      if (now?.id === id) this.set({ selected: { ...now, id: detail.id, detail } });
    } catch (err) {
      const now = this.s.selected;
      if (now?.id === id) this.set({ selected: { ...now, error: errorMessage(err) } });
    }
  }

  close(): void {
    this.set({ selected: null });
  }

  async toggleSupport(on: boolean, nickname?: string): Promise<void> {
    const sel = this.s.selected;
    const city = this.s.city;
    if (!sel?.detail || !city || sel.busy) return;
    this.set({ selected: { ...sel, busy: true, error: null } });
    try {
      if (this.needsNickname) this.session.setResident(await this.api.signUpResident((nickname ?? '').trim()));
      const r = await this.api.support(city, sel.id, on);
      const props = { ...sel.detail.properties, supports: r.supports, supportedByMe: r.supportedByMe };
      const detail = { ...sel.detail, properties: props };
      // Supports change no colour or shape: the map draws on as it was.
      if (this.s.selected?.id === sel.id) this.set({ selected: { ...sel, detail, busy: false } });
    } catch (err) {
      if (this.s.selected?.id === sel.id) this.set({ selected: { ...sel, busy: false, error: this.messageFor(err) } });
    }
  }

  /** A support given or taken back from the proposals list (a resident with a nickname already). */
  async supportFromList(id: string, on: boolean): Promise<void> {
    const city = this.s.city;
    if (!city || !this.session.resident) return;
    try {
      const r = await this.api.support(city, id, on);
      const item = this.list?.s.items.find((f) => f.properties.id === id);
      if (item) this.list?.patch({ ...item, properties: { ...item.properties, supports: r.supports, supportedByMe: r.supportedByMe } });
      const sel = this.s.selected;
      if (sel?.id === id && sel.detail) this.set({ selected: { ...sel, detail: { ...sel.detail, properties: { ...sel.detail.properties, supports: r.supports, supportedByMe: r.supportedByMe } } } });
      this.ctx.announce(t(on ? 'plist.supported' : 'plist.unsupported', { n: r.supports }));
    } catch (err) {
      this.list?.slice.set({ error: this.messageFor(err) });
    }
  }

  async withdraw(): Promise<void> {
    const sel = this.s.selected;
    const city = this.s.city;
    if (!sel || !city) return;
    await this.write(sel.id, () => this.api.withdraw(city, sel.id));
  }

  // ---------- planners ----------

  async signIn(login: string, password: string): Promise<void> {
    this.set({ signInBusy: true, signInError: null });
    try {
      const me = await this.api.login(login, password);
      this.session.setUser(me);
      this.set({ queue: { ...this.s.queue, items: [], total: 0 } });
      void this.loadQueue();
    } catch (err) {
      this.set({ signInError: err instanceof ApiRequestError && err.status === 401 ? t('signin.bad') : this.messageFor(err) });
    }
    this.set({ signInBusy: false });
  }

  async signOut(): Promise<void> {
    try {
      await this.api.logout();
    } catch (err) {
      this.set({ signInError: errorMessage(err) });
    }
    this.session.setUser(null);
  }

  setQueueFilter(patch: Partial<Pick<QueueState, 'status' | 'district' | 'kind'>>): void {
    this.set({ queue: { ...this.s.queue, ...patch } });
    void this.loadQueue();
  }

  queueQuery(): ProposalQuery {
    const q = this.s.queue;
    return { status: [q.status], district: q.district, ...(q.kind ? { kind: q.kind } : {}), sort: 'supports' };
  }

  exportUrl(format: 'csv' | 'geojson'): string {
    return this.s.city ? this.api.exportUrl(this.s.city, format, this.queueQuery()) : '#';
  }

  /** The planner's queue for the current filters; an answer for filters changed meanwhile is dropped. */
  async loadQueue(): Promise<void> {
    const city = this.s.city;
    if (!city || !this.session.isPlanner) return;
    const q = this.s.queue;
    this.set({ queue: { ...q, loading: true, error: null } });
    const same = () => this.s.city === city && this.s.queue.status === q.status && this.s.queue.district === q.district && this.s.queue.kind === q.kind;
    try {
      const r = await this.api.list(city, { ...this.queueQuery(), limit: QUEUE_LIMIT });
      if (same()) this.set({ queue: { ...this.s.queue, items: r.features, total: r.numberMatched, loading: false } });
    } catch (err) {
      if (same()) this.set({ queue: { ...this.s.queue, loading: false, error: errorMessage(err) } });
    }
  }

  /** A decision on what the planner saw: `expected` (default: the status shown) makes a stale screen a refusal, not an overwrite. */
  async review(id: string, status: 'accepted' | 'rejected' | 'planted' | 'proposed', reason?: string, expected?: ProposalStatus): Promise<boolean> {
    const city = this.s.city;
    if (!city) return false;
    const selected = this.s.selected?.id === id ? this.s.selected.detail : undefined;
    const before = this.s.queue.items.find((f) => f.properties.id === id) ?? (selected ? toFeature(selected) : undefined);
    const site = this.kindById(before?.properties.kind)?.counts === 'sites';
    const seen = expected ?? before?.properties.status;
    const ok = await this.write(id, () => this.api.setStatus(city, id, status, reason, seen));
    if (ok) {
      // Accept and plant get an undo (a new decision back, with a reason, kept in the history).
      const last = before && (status === 'accepted' || status === 'planted') ? { id, from: before.properties.status, to: status } : null;
      this.set({ queue: { ...this.s.queue, last, bulk: null } });
      this.ctx.announce(t(status === 'planted' && site ? 'queue.done.done' : status === 'proposed' ? 'queue.done.reopened' : `queue.done.${status}`));
    }
    return ok;
  }

  /** Undoes the last accept or plant: the status goes back, the history keeps both. */
  async undo(): Promise<boolean> {
    const last = this.s.queue.last;
    if (!last || last.from === 'withdrawn' || last.from === last.to) return false;
    // Undo only what this planner did: if a colleague has moved it since, the server refuses.
    const ok = await this.review(last.id, last.from, t('queue.undoReason'), last.to);
    if (ok) {
      this.set({ queue: { ...this.s.queue, last: null } });
      this.ctx.announce(t('queue.undone'));
    }
    return ok;
  }

  /** One decision for the selected proposals of the queue; the queue and the map are read again. */
  async reviewMany(ids: string[], status: 'accepted' | 'rejected', reason?: string): Promise<boolean> {
    const city = this.s.city;
    if (!city || !ids.length) return false;
    this.set({ queue: { ...this.s.queue, busyId: '*', error: null, bulk: null, last: null } });
    try {
      const seen = Object.fromEntries(this.s.queue.items.filter((f) => ids.includes(f.properties.id)).map((f) => [f.properties.id, f.properties.status]));
      const r = await this.api.setStatusMany(city, ids, status, reason, seen);
      const refused = r.results.length - r.changed;
      this.set({ queue: { ...this.s.queue, busyId: null, bulk: { changed: r.changed, refused } } });
      this.ctx.announce(t('queue.bulkDone', { changed: r.changed, refused }));
      this.ctx.changed();
      // The decided proposals change colour on the map: new tiles, as after a single decision.
      this.draw({}, true);
      await Promise.all([this.loadQueue(), this.reload(), this.list?.load()]);
      return true;
    } catch (err) {
      this.set({ queue: { ...this.s.queue, busyId: null, error: this.messageFor(err) } });
      return false;
    }
  }

  async edit(id: string, change: { count?: number; species?: string }): Promise<boolean> {
    const city = this.s.city;
    if (!city) return false;
    const ok = await this.write(id, () => this.api.edit(city, id, change));
    if (ok) this.ctx.announce(t('queue.done.edited'));
    return ok;
  }

  /** One write to a proposal: updates the map, the queue and the open panel at once. */
  private async write(id: string, call: () => Promise<ProposalDetail>): Promise<boolean> {
    const sel = this.s.selected;
    this.set({ queue: { ...this.s.queue, busyId: id, error: null }, ...(sel?.id === id ? { selected: { ...sel, busy: true, error: null } } : {}) });
    try {
      const d = await call();
      const f = toFeature(d);
      const queue = this.s.queue;
      const stays = f.properties.status === queue.status;
      const present = queue.items.some((x) => x.properties.id === id);
      // A proposal coming back to the shown status (an undo, a correction) joins the queue at once.
      const items = present ? queue.items.flatMap((x) => (x.properties.id === id ? (stays ? [f] : []) : [x])) : stays ? [f, ...queue.items] : queue.items;
      this.written(f, {
        queue: { ...queue, items, total: queue.total + (items.length - queue.items.length), busyId: null },
        ...(this.s.selected?.id === id ? { selected: { id, detail: d, busy: false, error: null } } : {}),
      });
      this.ctx.changed();
      return true;
    } catch (err) {
      const message = this.messageFor(err);
      const now = this.s.selected;
      this.set({ queue: { ...this.s.queue, busyId: null, error: message }, ...(now?.id === id ? { selected: { ...now, busy: false, error: message } } : {}) });
      return false;
    }
  }
}

/** The shape to propose a kind with: the one asked for when the kind takes it, else its first (a point when it takes points). */
function shapeFor(kind: Kind, wanted?: ProposalShape): ProposalShape {
  const takes = (s: ProposalShape) => kind.geometries.includes(s === 'point' ? 'Point' : 'Polygon');
  if (wanted && takes(wanted)) return wanted;
  return takes('point') ? 'point' : 'polygon';
}

function toFeature(d: ProposalDetail): ProposalFeature {
  return { type: 'Feature', id: d.id, geometry: d.geometry, properties: d.properties };
}
