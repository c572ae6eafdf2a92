/**
 * Everything about residents' proposals that the app shell needs, as one Lit reactive
 * controller: the proposals on the map (loaded once, then patched locally after each change:
 * one setData per change), the propose flow (choose a kind → place or draw → form → server
 * verdict), the open proposal, the planner's sign-in and review queue. A town may take several
 * kinds: trees (counted in units, with a species) and sites (a pocket park, a coworking
 * centre: one site per proposal). Components get plain properties from here and send events
 * back through kp-app.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import turfArea from '@turf/area';
import type { CityDetail, ProposalCollection, ProposalDetail, ProposalFeatureProps, ProposalSetup, RuleRefusal } from '../../server/api-types.ts';
import { ApiRequestError, createProposalApi, errorMessage, type ProposalApi, type ProposalQuery } from '../api/client.ts';
import { Session } from '../state/session.ts';
import { PROPOSAL_STATUSES, type ProposalStatus } from '../map/proposals-layer.ts';
import { countsMix, liveCountsByKind, symbolsOf, type ProposalSymbol } from '../state/proposal-kinds.ts';
import { num, t } from '../i18n/index.ts';

export type ProposalShape = 'point' | 'polygon';
type Kind = ProposalSetup['kinds'][number];
export type ProposalFeature = Feature<Geometry, ProposalFeatureProps>;
/** What the map draws: the served properties plus the kind's symbol (circle for trees, a shape per site kind). */
export type MapProposalProps = ProposalFeatureProps & { symbol: ProposalSymbol };

export interface FormError {
  code: string;
  message: string;
}

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
  status: 'proposed' | 'accepted';
  district: string | null;
  /** Only proposals of this kind (null: every kind). */
  kind: string | null;
  items: ProposalFeature[];
  total: number;
  loading: boolean;
  busyId: string | null;
  error: string | null;
}

export interface SubmitDetail {
  species: string;
  count: number;
  note: string;
  nickname?: string;
}

/** What the controller needs from the app shell. */
export interface ProposalsHost extends ReactiveControllerHost {
  /** Counts changed (new proposal, review): re-fetch district summaries. */
  proposalsChanged(): void;
  /** A short confirmation for everyone (role=status). */
  announce(message: string): void;
  /** A context or strategy feature of the pack by id (the pond a refusal names). */
  packFeature(id: string): Feature | null;
  /** The town boundary. */
  boundary(): FeatureCollection | null;
}

const QUEUE_LIMIT = 200;
export class ProposalsController implements ReactiveController {
  readonly session = new Session();
  readonly api: ProposalApi = createProposalApi(() => this.session.headers());

  city: string | null = null;
  townName = '';
  setup: ProposalSetup | null = null;
  loadError: string | null = null;
  loaded = false;
  /** Every proposal, withdrawn included. */
  all: ProposalFeature[] = [];
  /** Statuses drawn on the map (withdrawn hidden by default). */
  visibleStatuses: ReadonlySet<ProposalStatus> = new Set(PROPOSAL_STATUSES.filter((s) => s !== 'withdrawn'));
  /** Kinds hidden on the map (every kind is drawn by default). */
  hiddenKinds: ReadonlySet<string> = new Set();
  /** The collection handed to the map; a new object only when what is drawn changes. */
  mapFeatures: FeatureCollection<Geometry, MapProposalProps> = { type: 'FeatureCollection', features: [] };
  counts: Record<ProposalStatus, number> = { proposed: 0, accepted: 0, planted: 0, rejected: 0, withdrawn: 0 };
  /** Live proposals (proposed, accepted, planted) of each kind: the legend and the strategy panel show them. */
  liveByKind: Record<string, number> = {};
  /** The map and legend symbol of each kind. */
  symbols: Record<string, ProposalSymbol> = {};

  proposing: ProposingState | null = null;
  alert: FeatureCollection | null = null;
  selected: SelectedState | null = null;
  queue: QueueState = { status: 'proposed', district: null, kind: null, items: [], total: 0, loading: false, busyId: null, error: null };
  signInBusy = false;
  signInError: string | null = null;

  constructor(private readonly host: ProposalsHost) {
    host.addController(this);
    this.session.subscribe(() => host.requestUpdate());
  }

  hostConnected(): void {}

  /** The town's proposal kinds, in the pack's order. */
  get kinds(): Kind[] {
    return this.setup?.kinds ?? [];
  }

  /** The kind being proposed (the first kind when nothing is being proposed). */
  get kind(): Kind | null {
    return (this.proposing && this.kindById(this.proposing.kind)) ?? this.kinds[0] ?? null;
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
    return this.proposing?.shape === 'polygon' && !this.proposing.geometry && !this.proposing.busy;
  }

  /** Whether a click on the map places the pin. */
  get placing(): boolean {
    return this.proposing?.shape === 'point' && !this.proposing.busy;
  }

  get needsNickname(): boolean {
    return !this.session.isPlanner && !this.session.resident;
  }

  get draft(): Point | Polygon | null {
    return this.proposing?.geometry ?? null;
  }

  // ---------- loading ----------

  async init(city: string, detail: CityDetail): Promise<void> {
    this.city = city;
    this.townName = detail.name;
    try {
      const [setup, me] = await Promise.all([this.api.setup(city), this.api.me(false).catch(() => null)]);
      this.setup = setup;
      this.symbols = symbolsOf(setup.kinds);
      if (me?.kind === 'user') this.session.setUser(me);
      else if (this.session.resident) {
        // A token from an older store is forgotten, not sent forever.
        const asResident = await this.api.me(true).catch(() => null);
        if (asResident && asResident.kind !== 'resident') this.session.setResident(null);
      }
      await this.reload();
      if (this.session.isPlanner) void this.loadQueue();
    } catch (err) {
      this.loadError = errorMessage(err);
    }
    this.loaded = true;
    this.host.requestUpdate();
  }

  /** Loads every proposal (paging through numberMatched) and draws them: one setData. */
  async reload(): Promise<void> {
    if (!this.city) return;
    const fc: ProposalCollection = await this.api.listAll(this.city);
    this.all = fc.features;
    this.loadError = null;
    this.recompute();
  }

  private recompute(): void {
    const counts: Record<ProposalStatus, number> = { proposed: 0, accepted: 0, planted: 0, rejected: 0, withdrawn: 0 };
    for (const f of this.all) counts[f.properties.status] += 1;
    this.counts = counts;
    this.liveByKind = liveCountsByKind(this.kinds, this.all);
    this.mapFeatures = {
      type: 'FeatureCollection',
      features: this.all
        .filter((f) => this.visibleStatuses.has(f.properties.status) && !this.hiddenKinds.has(f.properties.kind))
        .map((f) => ({ ...f, properties: { ...f.properties, symbol: this.symbols[f.properties.kind] ?? 'circle' } })),
    };
    this.host.requestUpdate();
  }

  setKindVisible(kind: string, visible: boolean): void {
    const next = new Set(this.hiddenKinds);
    if (visible) next.delete(kind);
    else next.add(kind);
    this.hiddenKinds = next;
    this.recompute();
  }

  setStatusVisible(status: ProposalStatus, visible: boolean): void {
    const next = new Set(this.visibleStatuses);
    if (visible) next.add(status);
    else next.delete(status);
    this.visibleStatuses = next;
    this.recompute();
  }

  /** Puts a changed proposal in place (or adds a new one) and redraws once (`redraw: false` when nothing drawn changed). */
  private upsert(f: ProposalFeature, redraw = true): void {
    const i = this.all.findIndex((x) => x.properties.id === f.properties.id);
    if (i === -1) this.all = [...this.all, f];
    else {
      this.all = this.all.slice();
      this.all[i] = f;
    }
    if (redraw) this.recompute();
  }

  // ---------- proposing ----------

  /**
   * Opens the form for a kind (the first kind by default), with the first geometry it takes
   * (a point when it takes points). A kind hidden on the map is shown again.
   */
  start(shape?: ProposalShape, kindId?: string): void {
    const kind = this.kindById(kindId) ?? this.kinds[0];
    if (!kind) return;
    this.selected = null;
    this.alert = null;
    if (this.hiddenKinds.has(kind.id)) this.setKindVisible(kind.id, true);
    this.proposing = { kind: kind.id, shape: shapeFor(kind, shape), geometry: null, areaM2: null, busy: false, error: null };
    this.host.requestUpdate();
  }

  /** Another kind chosen in the form: the place stays when the kind takes its geometry. */
  setKind(kindId: string): void {
    const p = this.proposing;
    const kind = this.kindById(kindId);
    if (!p || !kind || p.kind === kind.id || p.busy) return;
    const shape = shapeFor(kind, p.shape);
    this.alert = null;
    if (this.hiddenKinds.has(kind.id)) this.setKindVisible(kind.id, true);
    this.proposing = shape === p.shape ? { ...p, kind: kind.id, error: null } : { ...p, kind: kind.id, shape, geometry: null, areaM2: null, error: null };
    this.host.requestUpdate();
  }

  cancel(): void {
    this.proposing = null;
    this.alert = null;
    this.host.requestUpdate();
  }

  setShape(shape: ProposalShape): void {
    if (!this.proposing || this.proposing.shape === shape) return;
    if (this.kind && shapeFor(this.kind, shape) !== shape) return;
    this.alert = null;
    this.proposing = { ...this.proposing, shape, geometry: null, areaM2: null, error: null };
    this.host.requestUpdate();
  }

  placePoint(lngLat: [number, number]): void {
    if (!this.proposing || this.proposing.shape !== 'point') return;
    this.alert = null;
    this.proposing = { ...this.proposing, geometry: { type: 'Point', coordinates: lngLat }, error: null };
    this.host.requestUpdate();
  }

  polygonDrawn(g: Polygon | MultiPolygon): void {
    if (!this.proposing || this.proposing.shape !== 'polygon') return;
    const polygon: Polygon = g.type === 'Polygon' ? g : { type: 'Polygon', coordinates: g.coordinates[0]! };
    const clean: Polygon = { type: 'Polygon', coordinates: [polygon.coordinates[0]!] };
    this.alert = null;
    this.proposing = { ...this.proposing, geometry: clean, areaM2: turfArea(clean), error: null };
    this.host.requestUpdate();
  }

  redraw(): void {
    if (!this.proposing) return;
    this.alert = null;
    this.proposing = { ...this.proposing, geometry: null, areaM2: null, error: null };
    this.host.requestUpdate();
  }

  /** The most trees the drawn area may take (one per m2PerUnit, at most maxCount); 1 for a site kind. */
  maxCount(): number {
    const k = this.kind;
    const a = this.proposing?.areaM2;
    if (!k || a == null || k.counts === 'sites') return 1;
    return Math.max(0, Math.min(k.rules.maxCount, Math.floor(a / k.rules.m2PerUnit)));
  }

  async submit(d: SubmitDetail): Promise<void> {
    const p = this.proposing;
    const kind = this.kind;
    const city = this.city;
    if (!p || !kind || !city || p.busy) return;
    if (!p.geometry) return this.formError('no-place', t('proposals.needPlace'));
    this.proposing = { ...p, busy: true, error: null };
    this.alert = null;
    this.host.requestUpdate();
    try {
      if (this.needsNickname) {
        const r = await this.api.signUpResident((d.nickname ?? '').trim());
        this.session.setResident(r);
      }
      const created = await this.api.create(city, {
        kind: kind.id,
        geometry: p.geometry,
        species: kind.needsSpecies ? d.species : undefined,
        count: p.geometry.type === 'Point' || kind.counts === 'sites' ? 1 : d.count,
        note: d.note,
      });
      this.session.rememberMine(created.id);
      this.upsert(toFeature(created));
      this.proposing = null;
      this.selected = { id: created.id, detail: created, busy: false, error: null };
      this.host.announce(t('proposals.created'));
      this.host.proposalsChanged();
    } catch (err) {
      this.proposing = { ...p, busy: false, error: null };
      if (err instanceof ApiRequestError && err.status === 401 && this.session.resident) {
        this.session.setResident(null);
        return this.formError('session', t('proposals.sessionExpired'));
      }
      const code = err instanceof ApiRequestError ? err.code : 'error';
      this.alert = err instanceof ApiRequestError && err.status === 422 ? this.alertFor(err.details as RuleRefusal | undefined, code) : null;
      this.formError(code, this.messageFor(err));
    }
    this.host.requestUpdate();
  }

  private formError(code: string, message: string): void {
    if (this.proposing) this.proposing = { ...this.proposing, error: { code, message } };
    this.host.requestUpdate();
  }

  /** The message to show for a failed write: the rule in Polish for a refusal, the wait for 429. */
  messageFor(err: unknown): string {
    if (!(err instanceof ApiRequestError)) return errorMessage(err);
    if (err.status === 429) return t('proposals.rateLimited', { s: err.retryAfterS ?? 60 });
    if (err.status !== 422) return err.message;
    const details = err.details as RuleRefusal | undefined;
    const rules = this.kind?.rules;
    switch (err.code) {
      case 'outside-town':
        return t('proposals.rule.outside-town', { town: this.townName });
      case 'in-forbidden-area': {
        const f = details?.feature as { name?: string } | undefined;
        return t('proposals.rule.in-forbidden-area', { name: f?.name ?? '?' });
      }
      case 'too-close':
        return t('proposals.rule.too-close', { d: num(details?.distanceM ?? 0, 1), min: num(rules?.minSpacingM ?? 0, 0) });
      case 'count-not-one':
        return t('proposals.rule.count-not-one');
      case 'count-too-high': {
        const m = /of (\d+) m² takes at most (\d+) \(one per (\d+) m²\); you asked for (\d+)/.exec(err.message);
        return m ? t('proposals.rule.count-too-high', { area: m[1]!, max: m[2]!, per: m[3]!, count: m[4]! }) : err.message;
      }
      case 'area-too-large':
        return t('proposals.rule.area-too-large', { max: num(rules?.maxAreaM2 ?? 0, 0) });
      default:
        return err.message;
    }
  }

  /** What to ring in red on the map for a refusal. */
  private alertFor(details: RuleRefusal | undefined, code: string): FeatureCollection | null {
    const fc = (features: (Feature | null | undefined)[]): FeatureCollection | null => {
      const list = features.filter((f): f is Feature => Boolean(f?.geometry));
      return list.length ? { type: 'FeatureCollection', features: list } : null;
    };
    const f = details?.feature as (Feature & { geometry?: Geometry }) | { id: string } | undefined;
    if (f && 'geometry' in f && f.geometry) return fc([{ type: 'Feature', properties: {}, geometry: f.geometry }]);
    if (f && 'id' in f && f.id !== undefined) {
      const pack = this.host.packFeature(String(f.id));
      if (pack) return fc([{ type: 'Feature', properties: {}, geometry: pack.geometry }]);
    }
    if (code === 'outside-town') return fc(this.host.boundary()?.features ?? []);
    const g = this.proposing?.geometry;
    if ((code === 'count-too-high' || code === 'area-too-large') && g) return fc([{ type: 'Feature', properties: {}, geometry: g }]);
    return null;
  }

  // ---------- one proposal ----------

  async open(id: string): Promise<void> {
    if (!this.city) return;
    this.selected = { id, detail: this.selected?.id === id ? this.selected.detail : null, busy: false, error: null };
    this.host.requestUpdate();
    try {
      const detail = await this.api.get(this.city, id);
      if (this.selected?.id === id) this.selected = { ...this.selected, detail };
    } catch (err) {
      if (this.selected?.id === id) this.selected = { ...this.selected, error: errorMessage(err) };
    }
    this.host.requestUpdate();
  }

  close(): void {
    this.selected = null;
    this.host.requestUpdate();
  }

  async toggleSupport(on: boolean, nickname?: string): Promise<void> {
    const sel = this.selected;
    if (!sel?.detail || !this.city || sel.busy) return;
    this.selected = { ...sel, busy: true, error: null };
    this.host.requestUpdate();
    try {
      if (this.needsNickname) this.session.setResident(await this.api.signUpResident((nickname ?? '').trim()));
      const r = await this.api.support(this.city, sel.id, on);
      const props = { ...sel.detail.properties, supports: r.supports, supportedByMe: r.supportedByMe };
      const detail = { ...sel.detail, properties: props };
      if (this.selected?.id === sel.id) this.selected = { ...sel, detail, busy: false };
      // Supports change no colour or shape: the map keeps its data (no setData).
      this.upsert(toFeature(detail), false);
    } catch (err) {
      if (this.selected?.id === sel.id) this.selected = { ...sel, busy: false, error: this.messageFor(err) };
    }
    this.host.requestUpdate();
  }

  async withdraw(): Promise<void> {
    const sel = this.selected;
    if (!sel || !this.city) return;
    await this.write(sel.id, () => this.api.withdraw(this.city!, sel.id));
  }

  // ---------- planners ----------

  async signIn(login: string, password: string): Promise<void> {
    this.signInBusy = true;
    this.signInError = null;
    this.host.requestUpdate();
    try {
      const me = await this.api.login(login, password);
      this.session.setUser(me);
      this.queue = { ...this.queue, items: [], total: 0 };
      void this.loadQueue();
    } catch (err) {
      this.signInError = err instanceof ApiRequestError && err.status === 401 ? t('signin.bad') : this.messageFor(err);
    }
    this.signInBusy = false;
    this.host.requestUpdate();
  }

  async signOut(): Promise<void> {
    try {
      await this.api.logout();
    } catch (err) {
      this.signInError = errorMessage(err);
    }
    this.session.setUser(null);
    this.host.requestUpdate();
  }

  setQueueFilter(patch: Partial<Pick<QueueState, 'status' | 'district' | 'kind'>>): void {
    this.queue = { ...this.queue, ...patch };
    void this.loadQueue();
  }

  queueQuery(): ProposalQuery {
    return { status: [this.queue.status], district: this.queue.district, ...(this.queue.kind ? { kind: this.queue.kind } : {}), sort: 'supports' };
  }

  exportUrl(format: 'csv' | 'geojson'): string {
    return this.city ? this.api.exportUrl(this.city, format, this.queueQuery()) : '#';
  }

  async loadQueue(): Promise<void> {
    if (!this.city || !this.session.isPlanner) return;
    const q = this.queue;
    this.queue = { ...q, loading: true, error: null };
    this.host.requestUpdate();
    try {
      const r = await this.api.list(this.city, { ...this.queueQuery(), limit: QUEUE_LIMIT });
      if (this.queue.status === q.status && this.queue.district === q.district && this.queue.kind === q.kind) this.queue = { ...this.queue, items: r.features, total: r.numberMatched, loading: false };
    } catch (err) {
      this.queue = { ...this.queue, loading: false, error: errorMessage(err) };
    }
    this.host.requestUpdate();
  }

  async review(id: string, status: 'accepted' | 'rejected' | 'planted', reason?: string): Promise<boolean> {
    if (!this.city) return false;
    const site = this.kindById(this.all.find((f) => f.properties.id === id)?.properties.kind)?.counts === 'sites';
    const ok = await this.write(id, () => this.api.setStatus(this.city!, id, status, reason));
    if (ok) this.host.announce(t(status === 'planted' && site ? 'queue.done.done' : `queue.done.${status}`));
    return ok;
  }

  async edit(id: string, change: { count?: number; species?: string }): Promise<boolean> {
    if (!this.city) return false;
    const ok = await this.write(id, () => this.api.edit(this.city!, id, change));
    if (ok) this.host.announce(t('queue.done.edited'));
    return ok;
  }

  /** One write to a proposal: updates the map, the queue and the open panel at once. */
  private async write(id: string, call: () => Promise<ProposalDetail>): Promise<boolean> {
    this.queue = { ...this.queue, busyId: id, error: null };
    if (this.selected?.id === id) this.selected = { ...this.selected, busy: true, error: null };
    this.host.requestUpdate();
    try {
      const d = await call();
      const f = toFeature(d);
      this.upsert(f);
      const stays = f.properties.status === this.queue.status;
      const items = this.queue.items.flatMap((x) => (x.properties.id === id ? (stays ? [f] : []) : [x]));
      this.queue = { ...this.queue, items, total: this.queue.total - (this.queue.items.length - items.length), busyId: null };
      if (this.selected?.id === id) this.selected = { id, detail: d, busy: false, error: null };
      this.host.proposalsChanged();
      this.host.requestUpdate();
      return true;
    } catch (err) {
      const message = this.messageFor(err);
      this.queue = { ...this.queue, busyId: null, error: message };
      if (this.selected?.id === id) this.selected = { ...this.selected, busy: false, error: message };
      this.host.requestUpdate();
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
