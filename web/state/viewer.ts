/**
 * Everything the viewer knows, as slices (town, view and URL, selection, districts and area
 * query, proposals and session, story, notice), and what changes them: loading a town, the
 * district figures and the choropleth (each a LatestRun: a new request aborts the last and
 * only the latest answer lands), the URL hash kept in step both ways, and the actions the
 * panels and the map ask for. Components only read slices (store.ts `Watch`) and call these
 * actions; the map view gets camera requests as a property (view slice `camera`).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { CityDetail, CityMapData, StrategyFeatureProps } from '../../server/api-types.ts';
import { createApiClient, createImportApi, errorMessage } from '../api/client.ts';
import { t } from '../i18n/index.ts';
import { learnPackText } from '../i18n/pack-text.ts';
import defaultTheme from '../../styles/themes/default.json';
import { townData } from '../../styles/town-data.ts';
import { initialDistricts, type DistrictsState } from './districts.ts';
import { Proposals } from './proposals.ts';
import { Progress, todayIso } from './progress.ts';
import { Follows } from './follows.ts';
import { LatestRun } from './latest-run.ts';
import { Slice, Watch } from './store.ts';
import { initialStory, type StoryState } from './story.ts';
import { findFeature, initialTown, pickCity, stateForCity, townTitle, type MapData, type TownState } from './town.ts';
import { decodeHash, encodeHash, type ChoroplethMetric, type HashState, type MapView, type Tab } from './url-codec.ts';
import { initialSelection, initialView, shapeBox, unionBox, type SelectionState, type ViewState } from './view.ts';

type Bbox = [number, number, number, number];
type Loaded = { detail: CityDetail; mapData: MapData };
/** A town whose catalogue has come and whose map data may still be on the way. */
type Opening = { detail: CityDetail; mapData: MapData | null };

/** What a town load is for: the first one, a switch named by the hash, or the same town again after an import. */
type TownRequest = { kind: 'first' } | { kind: 'switch'; hash: HashState } | { kind: 'reload'; city: string; layer: string };
type DistrictRequest = { city: string; district: string } | { city: string; area: Polygon | MultiPolygon };

export class Viewer implements ReactiveController {
  readonly api = createApiClient();
  readonly town = new Slice<TownState>(initialTown());
  readonly view = new Slice<ViewState>(initialView());
  readonly selection = new Slice<SelectionState>(initialSelection());
  readonly districts = new Slice<DistrictsState>(initialDistricts());
  readonly story = new Slice<StoryState>(initialStory());
  /** Progress of the undertakings on the time control's date (issue 17); the link carries the date and "changes since". */
  readonly progress = new Progress();
  /** A short message for everyone (role=status); empty when none. */
  readonly notice = new Slice<{ text: string }>({ text: '' });
  readonly proposals = new Proposals({
    changed: () => this.refreshFigures(),
    announce: (message) => this.toast(message),
    packFeature: (id) => (this.feature(id)?.feature as Feature | undefined) ?? null,
    boundary: () => this.town.state.mapData?.boundary ?? null,
  });
  /** The undertakings this person follows, and what is new in them. */
  readonly follows = new Follows(this.proposals.session, (nickname) => this.proposals.api.signUpResident(nickname));
  /** Watches every slice of the viewer, for a component that renders from all of them (the shell). */
  watchAll(host: ReactiveControllerHost): ReactiveController[] {
    return [
      new Watch(host, this.town),
      new Watch(host, this.view),
      new Watch(host, this.selection),
      new Watch(host, this.districts),
      new Watch(host, this.story),
      new Watch(host, this.notice),
      new Watch(host, this.proposals.slice),
      new Watch(host, this.proposals.session),
      new Watch(host, this.progress),
      new Watch(host, this.follows),
    ];
  }
  /** The admin layer import; the session (CSRF token) is the proposals'. */
  readonly importApi = createImportApi(() => this.proposals.session.headers());

  private readonly townTask = new LatestRun<[TownRequest]>(([req], signal) => this.loadTown(req, signal));
  private readonly districtTask = new LatestRun<[DistrictRequest]>(([req], signal) => this.loadDistrict(req, signal));
  private readonly choroplethTask = new LatestRun<[string, ChoroplethMetric]>(([city, metric], signal) => this.loadChoropleth(city, metric, signal));
  private readonly offs: (() => void)[] = [];
  private toastTimer = 0;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    const write = () => this.writeHash();
    this.offs.push(this.view.subscribe(write), this.selection.subscribe(write), this.story.subscribe(write));
    this.offs.push(this.progress.subscribe((s, prev) => (s.at !== prev.at || s.since !== prev.since) && write()));
    this.offs.push(this.view.subscribe((s, prev) => s.choropleth !== prev.choropleth && this.updateChoropleth()));
    window.addEventListener('hashchange', this.onHashChange);
    void this.townTask.run([{ kind: 'first' }]);
  }

  hostDisconnected(): void {
    for (const off of this.offs.splice(0)) off();
    window.removeEventListener('hashchange', this.onHashChange);
  }

  // ---------- town ----------

  /** Retry after the first town failed to load. */
  retry(): void {
    void this.townTask.run([{ kind: 'first' }]);
  }

  private async loadTown(req: TownRequest, signal: AbortSignal): Promise<void> {
    const alive = () => signal.throwIfAborted();
    if (req.kind === 'first') {
      this.town.set({ phase: 'loading' });
      try {
        const hash = decodeHash(location.hash);
        // A link that names its town: that town's catalogue and map data are asked for beside the list of towns (one round trip less before the map).
        const early = hash.city ? { city: hash.city, detail: this.api.city(hash.city).catch(() => null), data: this.api.mapData(hash.city).catch(() => null) } : null;
        const [settings, cities] = await Promise.all([this.api.settings(), this.api.cities()]);
        alive();
        this.town.set({ settings, cities: cities.cities });
        // `#story/3` names no city: the first city with a story.
        const cityId = pickCity(cities.cities, hash);
        if (!cityId) throw new Error(t('app.noCities'));
        // The shell and the map come with the town's catalogue (small: names, legend, view,
        // bounds); the map is made at once and draws the layers when they arrive (issue 13).
        const loaded = await this.fetchCity(cityId, early?.city === cityId ? early : null, (detail) => {
          alive();
          this.showCity({ detail, mapData: null }, hash);
          this.town.set({ phase: 'ready' });
        });
        alive();
        this.town.set({ mapData: loaded.mapData });
        this.fitLinkedFeature();
      } catch (err) {
        if (!signal.aborted) this.town.set({ phase: 'error', error: errorMessage(err) });
        throw err;
      }
      return;
    }
    if (req.kind === 'switch') {
      const h = req.hash;
      let cities = this.town.state.cities;
      let target = cities.find((c) => c.id === h.city);
      if (!target) {
        // A town added since the page loaded?
        cities = (await this.api.cities().catch(() => null))?.cities ?? cities;
        alive();
        this.town.set({ cities });
        target = cities.find((c) => c.id === h.city);
      }
      if (!target) {
        this.toast(t('towns.unknown', { town: h.city ?? '' }));
        history.replaceState(null, '', encodeHash(this.hashState()));
        return;
      }
      this.town.set({ switchingTo: target.name });
      try {
        const loaded = await this.fetchCity(target.id);
        alive();
        this.showCity(loaded, h);
      } catch (err) {
        if (signal.aborted) throw err;
        this.town.set({ switchingTo: null });
        this.toast(t('towns.failed', { town: target.name, message: errorMessage(err) }));
        // The link goes back to the town still shown.
        history.replaceState(null, '', encodeHash(this.hashState()));
      }
      return;
    }
    // A layer was written: the town's data is fetched again and the map made anew at the same view.
    try {
      const { detail, mapData } = await this.fetchCity(req.city);
      alive();
      if (this.view.state.city !== req.city) return;
      const known = new Set(detail.layers.map((l) => l.id));
      const visible = new Set([...this.view.state.visible].filter((id) => known.has(id)));
      visible.add(req.layer);
      const f = this.selection.state.feature;
      const feature = f && findFeature(f, mapData.layers, detail) ? f : null;
      this.town.set({ detail, mapData, initialView: this.view.state.view, version: this.town.state.version + 1 });
      this.view.set({ visible });
      this.selection.set({ feature });
      this.refreshFigures();
    } catch (err) {
      if (signal.aborted) throw err;
      this.toast(errorMessage(err));
    }
  }

  /**
   * A town's catalogue with its boundary, districts and every layer (one request, `map-data`),
   * ready for the map; `asked`: both already requested (either may have failed: asked again).
   */
  private async fetchCity(cityId: string, asked: { detail: Promise<CityDetail | null>; data: Promise<CityMapData | null> } | null = null, onDetail?: (detail: CityDetail) => void): Promise<Loaded> {
    const data = asked?.data.then((d) => d ?? this.api.mapData(cityId)) ?? this.api.mapData(cityId);
    // Not left unhandled while the catalogue is awaited: its failure is thrown below.
    data.catch(() => {});
    const detail = (await asked?.detail) ?? (await this.api.city(cityId));
    onDetail?.(detail);
    return { detail, mapData: townData(detail, await data) };
  }

  /**
   * Shows a loaded town with a clean state taken from the hash: nothing of the previous town
   * (selection, district, drawing, choropleth, story, proposals, open panels) survives.
   */
  /** The feature a first link names, framed once the layers (and so its panel) are here. */
  private linkedFit: { feature: string; bbox: Bbox } | null = null;

  private fitLinkedFeature(): void {
    const linked = this.linkedFit;
    this.linkedFit = null;
    // Not when the person has moved on meanwhile (another feature, or a camera request of their own).
    if (linked && this.selection.state.feature === linked.feature && this.view.state.camera === null) this.view.set({ camera: { fit: linked.bbox } });
  }

  private showCity({ detail, mapData }: Opening, hash: HashState): void {
    performance.mark('kp-data-loaded');
    this.districtTask.abort();
    this.choroplethTask.abort();
    this.districts.reset(initialDistricts());
    document.title = townTitle(detail, t('app.title'));
    learnPackText('target', detail.targets);
    // The catalogue indexes every feature: a feature named by the link is known before the layers come.
    const next = stateForCity(detail, hash, (id) => id in detail.featureIndex);
    this.town.set({ detail, mapData, switchingTo: null, initialView: next.view });
    const bbox = next.feature && !next.view ? detail.featureIndex[next.feature]?.bbox : undefined;
    // A linked feature's panel opens when the layers are here (it shows the feature): frame it then, beside the panel.
    this.linkedFit = bbox && !mapData ? { feature: next.feature!, bbox } : null;
    this.view.reset({
      city: next.city,
      visible: next.visible,
      view: next.view,
      tab: next.tab,
      mode: 'browse',
      choropleth: next.choropleth,
      camera: bbox && mapData ? { fit: bbox } : null,
    });
    this.selection.reset({ feature: next.feature, district: next.district });
    this.story.reset({ chapter: next.story, council: next.story !== null && hash.city === detail.id ? hash.council ?? null : null, viewBefore: null });
    const own = hash.city === detail.id || hash.city === null;
    void this.follows.load(detail.id);
    void this.progress.load(detail.id, detail.strategy.timeline ?? null, (own && hash.at) || todayIso(), own ? hash.since ?? null : null);
    if (next.district) this.loadSummary(next.district);
    this.updateChoropleth();
    const opening = this.proposals.init(detail.id, detail);
    if (hash.proposal) void opening.then(() => this.showProposal(hash.proposal!));
  }

  /**
   * Opens a proposal (by id or number) through the proposals' selection; `fly` frames it on the
   * map, `toTab` shows the proposals tab (a link, the list, search) — a click on the map does neither.
   */
  async showProposal(id: string, { fly = true, toTab = true } = {}): Promise<void> {
    const pc = this.proposals;
    this.closeFeature();
    if (toTab) this.view.set({ tab: 'proposals' });
    await pc.open(id);
    const sel = pc.s.selected;
    const g = fly && sel && (sel.id === id || String(sel.detail?.properties.number) === id) ? sel.detail?.geometry : null;
    const box = g ? shapeBox(g) : null;
    if (box) this.fly(box, 17);
  }

  /** A feature of the open town's layers by id, with its layer. */
  feature(id: string): { feature: Feature; layer: string } | null {
    const { mapData, detail } = this.town.state;
    return findFeature(id, mapData?.layers, detail);
  }

  // ---------- URL ----------

  private hashState(): HashState {
    const detail = this.town.state.detail;
    const v = this.view.state;
    const defaults = detail?.layers.filter((l) => l.visible).map((l) => l.id) ?? [];
    const visible = detail?.layers.filter((l) => v.visible.has(l.id)).map((l) => l.id) ?? [];
    const same = visible.length === defaults.length && visible.every((id) => defaults.includes(id));
    const sel = this.selection.state;
    return { city: v.city, view: v.view, layers: same ? null : visible, feature: sel.feature, district: sel.district, tab: v.tab, choropleth: v.choropleth, story: this.story.state.chapter, council: this.story.state.council, ...this.progressHash() };
  }

  /** The time control's date (when not today) and a chosen "changes since" date, for the link. */
  private progressHash(): Pick<HashState, 'at' | 'since'> {
    const p = this.progress.state;
    return { at: p.city && p.at !== todayIso() ? p.at : null, since: p.city ? p.since : null };
  }

  private writeHash(): void {
    const hash = encodeHash(this.hashState());
    // While another town loads, the link already names it: the old town must not write over it.
    if (hash && hash !== location.hash && !this.town.state.switchingTo) history.replaceState(null, '', hash);
  }

  /** Someone pasted or edited the link (or went Back): follow it. */
  private onHashChange = () => {
    const h = decodeHash(location.hash);
    const detail = this.town.state.detail;
    if (!detail) {
      // The first town is still loading (or failed): start again from the new link.
      void this.townTask.run([{ kind: 'first' }]);
      return;
    }
    if (h.city && h.city !== this.view.state.city) {
      void this.townTask.run([{ kind: 'switch', hash: h }]);
      return;
    }
    if (this.town.state.switchingTo) {
      // Back to the town still shown while another was loading: that load is dropped.
      this.townTask.abort();
      this.town.set({ switchingTo: null });
    }
    if (h.proposal) {
      void this.showProposal(h.proposal);
      return;
    }
    if (h.story != null || this.story.state.chapter !== null) {
      const council = h.story != null ? h.council ?? null : null;
      this.story.set({ chapter: h.story != null && (detail.hasStory || council !== null) ? h.story : null, council });
      if (h.story != null) return;
    }
    const p = this.progress.state;
    const at = h.at ?? todayIso();
    if (p.city && (at !== p.at || (h.since ?? null) !== p.since)) void this.progress.load(p.city, p.timeline, at, h.since ?? null);
    const visible = h.layers ? new Set(h.layers) : this.view.state.visible;
    this.view.set({ tab: h.tab ?? this.view.state.tab, choropleth: h.choropleth, visible, ...(h.view ? { camera: { jump: h.view } } : {}) });
    const districtChanged = h.district !== this.selection.state.district;
    this.selection.set({ feature: h.feature, district: h.district });
    if (districtChanged) {
      if (h.district) this.loadSummary(h.district);
      else this.districts.set({ summary: null });
    }
  };

  // ---------- features, layers, tabs ----------

  setTab(tab: Tab): void {
    this.view.set({ tab });
  }

  setLayerVisible(id: string, on: boolean): void {
    const visible = new Set(this.view.state.visible);
    if (on) visible.add(id);
    else visible.delete(id);
    this.view.set({ visible });
  }

  /** The map reported where it stopped. */
  mapMoved(view: MapView): void {
    this.view.set({ view });
  }

  selectFeature(id: string, fly: boolean): void {
    const found = this.feature(id);
    if (!found) return;
    this.proposals.close();
    const visible = this.view.state.visible;
    const bbox = this.town.state.detail?.featureIndex[id]?.bbox;
    this.view.set({
      ...(visible.has(found.layer) ? {} : { visible: new Set([...visible, found.layer]) }),
      ...(fly && bbox ? { camera: { fit: bbox } } : {}),
    });
    this.selection.set({ feature: id });
  }

  closeFeature(): void {
    this.selection.set({ feature: null });
  }

  /** An undertaking of the strategy: its own features (or its layers'), shown and framed. */
  showUndertaking(id: string): void {
    const d = this.town.state.detail;
    const data = this.town.state.mapData?.layers;
    const u = d?.undertakings.find((x) => x.id === id);
    if (!d || !data || !u) return;
    const inLayers = u.layers.flatMap((l) => (data[l]?.features ?? []).map((f) => ({ f, layer: l })));
    const own = inLayers.filter(({ f }) => (f.properties as StrategyFeatureProps | null)?.undertaking === u.id);
    const ids = (own.length ? own : inLayers).map(({ f }) => String(f.id ?? f.properties?.id));
    if (!ids.length) return;
    const box = unionBox(ids.map((x) => d.featureIndex[x]?.bbox).filter((b): b is Bbox => Boolean(b)));
    this.view.set({ visible: new Set([...this.view.state.visible, ...u.layers]), ...(box ? { camera: { fit: box } } : {}) });
    this.selection.set({ feature: ids[0]! });
  }

  /** Frames a box on the map. */
  fly(bbox: Bbox, maxZoom?: number): void {
    this.view.set({ camera: { fit: bbox, maxZoom } });
  }

  // ---------- districts, area query, choropleth ----------

  openDistrict(id: string | null, fly = false): void {
    this.districts.set({ query: null });
    this.view.set({ tab: 'districts' });
    this.selection.set({ district: id });
    if (!id) {
      this.districtTask.abort();
      this.districts.set({ summary: null, loading: false });
      return;
    }
    this.loadSummary(id, fly);
  }

  private flyToSummary = false;

  private loadSummary(id: string, fly = false): void {
    const city = this.view.state.city;
    if (!city) return;
    this.flyToSummary = fly;
    void this.districtTask.run([{ city, district: id }]);
  }

  /** The figures of a district or of a drawn area: the latest request wins (a new one aborts the last). */
  private async loadDistrict(req: DistrictRequest, signal: AbortSignal): Promise<void> {
    this.districts.set({ loading: true, error: null, ...('area' in req ? { query: null } : {}) });
    try {
      if ('area' in req) {
        const query = await this.api.query(req.city, req.area);
        signal.throwIfAborted();
        this.districts.set({ query, loading: false });
      } else {
        const summary = await this.api.districtSummary(req.city, req.district);
        signal.throwIfAborted();
        this.districts.set({ summary, loading: false });
        if (this.flyToSummary) this.fly(summary.district.bbox, 15);
      }
    } catch (err) {
      if (signal.aborted) throw err;
      this.districts.set({ error: errorMessage(err), loading: false });
    }
  }

  startDraw(): void {
    this.view.set({ mode: 'draw' });
    this.selection.set({ feature: null });
  }

  cancelDraw(): void {
    this.view.set({ mode: 'browse' });
  }

  /** An area was drawn: its figures. */
  queryArea(geometry: Polygon | MultiPolygon): void {
    const city = this.view.state.city;
    this.view.set({ mode: 'browse' });
    this.districts.set({ hasDrawing: true });
    if (city) void this.districtTask.run([{ city, area: geometry }]);
  }

  /** The drawn area is gone (the map view cleared it): so are its figures. */
  clearArea(): void {
    this.districtTask.abort();
    this.districts.set({ query: null, hasDrawing: false, loading: false, error: null });
    this.view.set({ mode: 'browse' });
  }

  setChoropleth(metric: ChoroplethMetric | null): void {
    this.view.set({ choropleth: metric });
  }

  private updateChoropleth(): void {
    const city = this.view.state.city;
    const metric = this.view.state.choropleth;
    if (!metric || !city || !this.town.state.detail) {
      this.choroplethTask.abort();
      this.districts.set({ classes: null });
      return;
    }
    void this.choroplethTask.run([city, metric]);
  }

  private async loadChoropleth(city: string, metric: ChoroplethMetric, signal: AbortSignal): Promise<void> {
    const d = this.town.state.detail;
    if (!d) return;
    try {
      const summaries = this.districts.state.summaries ?? (await this.api.districtSummaries(city));
      signal.throwIfAborted();
      // The choropleth's module comes on first use (issue 13: our JS at start).
      const { classify, greenLayerIds, metricValue } = await import('./choropleth.ts');
      signal.throwIfAborted();
      const green = greenLayerIds(d);
      const values: Record<string, number | null> = {};
      for (const s of summaries.summaries) values[s.district.id] = metricValue(s, metric, green);
      this.districts.set({ summaries, classes: classify(values, defaultTheme.choropleth) });
    } catch (err) {
      if (signal.aborted) throw err;
      this.districts.set({ error: errorMessage(err) });
    }
  }

  /** Proposal counts changed: district summaries and the choropleth are fetched again. */
  refreshFigures(): void {
    this.districts.set({ summaries: null });
    if (this.view.state.choropleth) this.updateChoropleth();
    const district = this.selection.state.district;
    if (district && !this.districts.state.query) this.loadSummary(district);
  }

  // ---------- story ----------

  startStory(): void {
    this.story.set({ chapter: 1, council: null, viewBefore: this.view.state.view });
  }

  /** Presents the report to the council for a year: a story generated from the report's data. */
  startCouncilStory(year: number): void {
    this.story.set({ chapter: 1, council: year, viewBefore: this.story.state.viewBefore ?? this.view.state.view });
  }

  setChapter(chapter: number | null): void {
    this.story.set({ chapter });
  }

  /** Back to the viewer, at the camera it had before the story. */
  exitStory(): void {
    const back = this.story.state.viewBefore;
    this.story.set({ chapter: null, council: null, viewBefore: null });
    if (back) this.view.set({ camera: { jump: back } });
  }

  // ---------- import, notices ----------

  /** A layer was written by the import: the town's data again, the new layer shown. */
  layerImported(layer: string): void {
    const city = this.view.state.city;
    if (city) void this.townTask.run([{ kind: 'reload', city, layer }]);
  }

  /** Copies the address of what is on screen (the URL carries the view); shows it when the clipboard is closed. */
  async copyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(location.href);
      this.toast(t('app.linkCopied'), 2500);
    } catch {
      this.toast(location.href, 2500);
    }
  }

  toast(text: string, ms = 4000): void {
    this.notice.set({ text });
    clearTimeout(this.toastTimer);
    this.toastTimer = window.setTimeout(() => this.notice.set({ text: '' }), ms);
  }
}
