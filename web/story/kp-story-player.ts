/**
 * The presentation (story) mode: shows one chapter of the city's story at a time over the
 * map, in the projector theme (large type, high contrast, legend always visible), and
 * drives the map view it is given through its public API (whenReady, present, showCamera,
 * capture); the projector look is the map view's `theme`, set by the app while a story is
 * open. Steps with the keyboard and presentation clickers; exports the view as PNG and the
 * story as PDF. Fetches the story and the live district figures through the API client.
 *
 * @fires story-go - {{ chapter: number }} the presenter asked for chapter n (1-based); the app puts it in the URL
 * @fires story-exit - the presenter left the story (Esc or the close button)
 */
import { LitElement, css, html, nothing, unsafeCSS, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { CityDetail, DistrictSummary, Story, StoryChapter } from '../../server/api-types.ts';
import type { FeatureCollection } from 'geojson';
import type { YearReport } from '../../server/report/year-report.ts';
import type { UndertakingState } from '../../server/progress/progress-types.ts';
import { progressApi } from '../api/progress-client.ts';
import { request } from '../api/client.ts';
import { cameraForBox, councilStory, type CouncilChapter, type CouncilStory } from './council-story.ts';
import { statusStyles } from '../progress/kp-progress-summary.ts';
import type { MapData } from '../state/town.ts';
import { createApiClient, errorMessage } from '../api/client.ts';
import { num, plural, t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import type { Ref } from 'lit/directives/ref.js';
import { STORY_DISTRICT_OUTLINE, type KpMapView, type StoryMap, type TwinSize } from '../map/kp-map-view.ts';
import { PROPOSAL_COLOURS } from '../map/proposals-layer.ts';
import type { LegendItem } from '../export/compose-image.ts';
import type { PageText } from '../export/story-page.ts';
import { qrMatrix, qrPath } from '../export/qr.ts';
import { getLocale } from '../i18n/index.ts';
import {
  DIGIT_PAUSE_MS,
  MAX_FIGURES,
  cameraOf,
  districtFigures,
  formatFigure,
  keyAction,
  legendFor,
  outlinesOf,
  showsProposals,
  storyLink,
  takeDigits,
  twinCamera,
  type KeyState,
  type ShownFigure,
  type StoryAction,
} from './story-logic.ts';
import projector from '../../styles/themes/projector.json';
import defaultTheme from '../../styles/themes/default.json';
import { attributionsFor } from '../../styles/attribution.ts';

/** Flight between chapters, unless the person prefers reduced motion. */
const FLIGHT_MS = 2200;
const ui = projector.ui;

/** A chapter of either story: the pack's own, or one generated for the report to the council. */
type Chapter = StoryChapter & Partial<Pick<CouncilChapter, 'box' | 'built' | 'shown' | 'items'>>;
type AnyStory = { title: string; chapters: Chapter[] };
/** What the report to the council is made of: the year's report and the state of the work on its date. */
type CouncilData = { report: YearReport; states: UndertakingState[] };
const BUILT_COLOUR = '#0f5132';

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

@customElement('kp-story-player')
export class KpStoryPlayer extends LitElement {
  /** Re-renders on a language switch. */
  protected readonly localeController = new LocaleController(this);
  static styles = [statusStyles, css`
    :host {
      position: absolute;
      inset: 0;
      z-index: 5;
      pointer-events: none;
      font-family: 'Noto Sans', 'DejaVu Sans', system-ui, sans-serif;
      color: ${unsafeCSS(ui.panelText)};
    }
    .panel {
      pointer-events: auto;
      position: absolute;
      top: 0;
      left: 0;
      bottom: 0;
      width: max(420px, 40vw);
      display: flex;
      flex-direction: column;
      background: ${unsafeCSS(ui.panel)};
      box-shadow: 4px 0 18px #0006;
    }
    .content {
      flex: 1;
      overflow: auto;
      padding: 1.5vw 2.6vw 0.8vw;
    }
    .kicker {
      margin: 0 0 0.6vw;
      font-size: clamp(15px, 1.5vw, 40px);
      font-weight: 700;
      letter-spacing: 0.06em;
      text-transform: uppercase;
      color: ${unsafeCSS(ui.accent)};
    }
    h1 {
      margin: 0 0 0.8vw;
      font-size: clamp(30px, 3.1vw, 84px);
      line-height: 1.08;
      font-weight: 800;
    }
    .text {
      margin: 0 0 0.9vw;
      font-size: clamp(18px, 1.55vw, 42px);
      line-height: 1.28;
      color: ${unsafeCSS(ui.panelText)};
    }
    .figures {
      list-style: none;
      margin: 1vw 0 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 15vw), 1fr));
      gap: 1.1vw 1.6vw;
    }
    .figures li {
      border-top: 3px solid ${unsafeCSS(ui.accent)};
      padding-top: 0.3vw;
    }
    .figures li.wide {
      grid-column: 1 / -1;
    }
    .value {
      display: block;
      font-size: clamp(26px, 2.9vw, 80px);
      font-weight: 800;
      line-height: 1.1;
      color: ${unsafeCSS(ui.accent)};
      overflow-wrap: anywhere;
    }
    .label {
      display: block;
      font-size: clamp(15px, 1.5vw, 40px);
      line-height: 1.25;
      color: ${unsafeCSS(ui.panelMuted)};
    }
    .live-note,
    .status {
      font-size: clamp(14px, 1.2vw, 32px);
      color: ${unsafeCSS(ui.panelMuted)};
      margin: 1vw 0 0;
    }
    .bar {
      border-top: 1px solid #ffffff33;
      padding: 0.6vw 2.6vw 0.8vw;
      display: grid;
      gap: 0.5vw;
    }
    .row {
      display: flex;
      align-items: center;
      gap: 0.7vw;
      flex-wrap: wrap;
    }
    button {
      font: inherit;
      font-size: clamp(13px, 1.05vw, 28px);
      font-weight: 600;
      color: ${unsafeCSS(ui.barText)};
      background: transparent;
      border: 2px solid #ffffffaa;
      border-radius: 6px;
      /* Narrow enough that the five buttons stay on one row of the projector's panel. */
      padding: 0.25em 0.5em;
      cursor: pointer;
      min-height: 2.2em;
    }
    button:hover {
      background: #ffffff22;
    }
    button:disabled {
      opacity: 0.45;
      cursor: default;
    }
    button.nav {
      font-size: clamp(16px, 1.5vw, 40px);
      min-width: 2.4em;
    }
    :focus-visible {
      outline: 4px solid ${unsafeCSS(ui.focus)};
      outline-offset: 2px;
    }
    .progress {
      flex: 1;
      min-width: 8em;
    }
    .progress .count {
      font-size: clamp(15px, 1.5vw, 40px);
      font-weight: 700;
    }
    .track {
      height: 0.45vw;
      min-height: 5px;
      background: #ffffff33;
      border-radius: 99px;
      overflow: hidden;
      margin-top: 0.3vw;
    }
    .fill {
      height: 100%;
      background: ${unsafeCSS(ui.accent)};
      transition: width 300ms ease;
    }
    /* The legend sits in the panel, under the chapter, so it never covers the map and is always in view. */
    .legend {
      flex: none;
      margin: 0 2.6vw 0.4vw;
      background: ${unsafeCSS(ui.legendBackground)};
      color: ${unsafeCSS(ui.legendText)};
      border-radius: 8px;
      padding: 0.5vw 1vw;
    }
    .legend h2 {
      margin: 0 0 0.2vw;
      font-size: clamp(14px, 1.3vw, 36px);
      text-transform: uppercase;
      letter-spacing: 0.05em;
    }
    .legend ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.1vw;
    }
    .legend summary {
      cursor: pointer;
    }
    .legend summary h2 {
      display: inline;
    }
    .legend li {
      display: flex;
      align-items: center;
      gap: 0.7vw;
      font-size: clamp(14px, 1.25vw, 32px);
      line-height: 1.1;
    }
    .swatch {
      flex: none;
      width: 2.2vw;
      min-width: 22px;
      height: 1.3vw;
      min-height: 13px;
      border: 2px solid #111;
      box-sizing: border-box;
    }
    .swatch.route {
      height: 0.55vw;
      min-height: 6px;
      border-width: 1px;
    }
    .swatch.point {
      width: 1.3vw;
      min-width: 13px;
      border-radius: 50%;
    }
    .swatch.outline {
      background: transparent !important;
      border: 4px solid ${unsafeCSS(defaultTheme.selected)};
    }
    .swatch.district {
      background: transparent !important;
      border: 4px dashed ${unsafeCSS(STORY_DISTRICT_OUTLINE.color)};
    }
    .swatch.cluster {
      width: 1.3vw;
      min-width: 16px;
      height: 1.3vw;
      min-height: 16px;
      border-radius: 50%;
      border: 2px solid #fff;
      box-shadow: 0 0 0 1px #111;
    }
    .swatch.statuses {
      display: inline-flex;
      gap: 3px;
      width: auto;
      border: none;
      background: none;
    }
    .swatch.statuses i {
      width: 0.8vw;
      min-width: 10px;
      height: 0.8vw;
      min-height: 10px;
      border-radius: 50%;
      border: 1px solid #111;
    }
    .digits {
      font-size: clamp(15px, 1.5vw, 40px);
      font-weight: 700;
      color: ${unsafeCSS(ui.panel)};
      background: ${unsafeCSS(ui.accent)};
      border-radius: 6px;
      padding: 0.1em 0.5em;
    }
    .digits small {
      font-weight: 400;
      font-size: 0.7em;
      margin-left: 0.5em;
    }
    .job {
      display: flex;
      align-items: center;
      gap: 0.7vw;
      font-size: clamp(13px, 1.05vw, 28px);
    }
    .note {
      margin: 0;
      font-size: clamp(13px, 1.05vw, 28px);
    }
    .note:empty {
      display: none;
    }
    .job progress {
      flex: 1;
      min-width: 4em;
      accent-color: ${unsafeCSS(ui.accent)};
    }
    .share {
      display: flex;
      align-items: center;
      gap: 1.2vw;
      margin: 1.2vw 0 0;
    }
    .share svg {
      flex: none;
      width: clamp(110px, 8vw, 240px);
      height: auto;
      background: #fff;
      border-radius: 4px;
    }
    .share a {
      color: ${unsafeCSS(ui.accent)};
      font-size: clamp(15px, 1.3vw, 36px);
      overflow-wrap: anywhere;
    }
    .share p {
      margin: 0 0 0.4vw;
      font-size: clamp(14px, 1.2vw, 32px);
      color: ${unsafeCSS(ui.panelMuted)};
    }
    .busy {
      pointer-events: auto;
      position: absolute;
      left: 50%;
      top: 50%;
      transform: translate(-50%, -50%);
      background: ${unsafeCSS(ui.panel)};
      padding: 1.2vw 2vw;
      border-radius: 10px;
      font-size: clamp(16px, 1.5vw, 40px);
      box-shadow: 0 4px 20px #0007;
    }
    .busy.error {
      border: 3px solid #ff8a80;
    }
    .items {
      list-style: none;
      margin: 0.8vw 0 0;
      padding: 0;
      display: grid;
      gap: 0.45vw;
    }
    .items li {
      font-size: clamp(14px, 1.15vw, 30px);
      line-height: 1.25;
      border-left: 3px solid #ffffff44;
      padding-left: 0.6vw;
    }
    .items .chip {
      font-size: 0.8em;
      background: #fff;
      margin-left: 0.4em;
    }
    .items .detail {
      display: block;
      color: ${unsafeCSS(ui.panelMuted)};
      font-size: 0.9em;
    }
    .swatch.built {
      height: 0.55vw;
      min-height: 6px;
      border-width: 1px;
    }
    @media (max-width: 760px) {
      .panel {
        top: auto;
        width: auto;
        right: 0;
        max-height: 60%;
      }
      .legend {
        display: none;
      }
    }
  `];

  /** The city whose story is shown. */
  @property({ attribute: false }) city = '';
  @property({ attribute: false }) detail: CityDetail | null = null;
  /** The chapter shown, 1-based (from the URL). */
  @property({ attribute: false }) chapter = 1;
  /** The map view the chapters are shown on (a ref: the map view may be made after the player). */
  @property({ attribute: false }) map: Ref<StoryMap> | null = null;
  /** The year whose report to the council is presented (a story generated from the report); null: the town's own story. */
  @property({ attribute: false }) council: number | null = null;
  /** The town's loaded map data (an undertaking's own features, the districts' shapes) for the report's chapters. */
  @property({ attribute: false }) mapData: MapData | null = null;

  @state() private busy = '';
  @state() private busyError = false;
  @state() private fullscreen = false;
  /** Digits typed for a chapter number, not yet taken (shown in the bar). */
  @state() private digits = '';
  /** The PDF being made off-screen: chapter reached and total, while it runs. */
  @state() private pdfJob: { n: number; total: number } | null = null;
  /** How the last PDF went (in the bar, not over the map the audience looks at). */
  @state() private pdfNote = '';
  /** How long typed digits wait for the next one before they are taken (ms). */
  @property({ attribute: false }) digitPauseMs = DIGIT_PAUSE_MS;
  private digitTimer: ReturnType<typeof setTimeout> | undefined;
  /** Stops the PDF being made. */
  private pdfAbort: AbortController | null = null;

  private readonly api = createApiClient();
  private readonly keys: KeyState = { current: 1, total: 1, digits: '' };
  /** The chapter last put on the map (0: none yet, so the first one jumps instead of flying). */
  private shown = 0;
  /** The chapter being put on the map; a newer one (or the PDF export) aborts it. */
  private showing: AbortController | null = null;
  /** The story the chapters were last shown for (a newly loaded story is shown from its chapter). */
  private shownStory: AnyStory | null = null;

  /** The town's story, fetched when the town is set. */
  private readonly storyTask = new Task(this, {
    task: ([city, council]: [string, number | null]): Promise<Story | CouncilData> | typeof initialState =>
      !city ? initialState : council === null ? this.api.story(city) : this.councilData(city, council),
    args: () => [this.city, this.council] as [string, number | null],
  });

  /** The year's report and the state of the work on its date (what the map draws as built). */
  private async councilData(city: string, year: number): Promise<CouncilData> {
    const report = await request<YearReport>(`/api/cities/${encodeURIComponent(city)}/reports/${year}.json`);
    const { states } = await progressApi.state(city, report.at);
    return { report, states };
  }

  /** The report's story, worded in the current language (made again when the language or the data changes). */
  private councilMemo: { data: CouncilData; lang: string; story: CouncilStory } | null = null;

  /** The live summary of a district chapter's district (its figures are worded at render, in the current language); the latest chapter wins. */
  private readonly liveTask = new Task(this, {
    task: ([city, district]: [string, string | null]) => (city && district ? this.api.districtSummary(city, district) : initialState),
    args: () => {
      const c = this.current;
      return [this.city, c?.kind === 'district' && this.council === null ? c.district ?? null : null] as [string, string | null];
    },
  });

  private get story(): AnyStory | null {
    if (this.storyTask.status !== TaskStatus.COMPLETE || !this.storyTask.value) return null;
    const v = this.storyTask.value;
    if (!('report' in v)) return v;
    if (!this.detail) return null;
    const lang = getLocale();
    if (this.councilMemo?.data !== v || this.councilMemo.lang !== lang) {
      this.councilMemo = { data: v, lang, story: councilStory({ ...v, detail: this.detail, layers: this.mapData?.layers ?? null, districts: this.mapData?.districts ?? null }) };
    }
    return this.councilMemo.story;
  }

  private get loadError(): string {
    return this.storyTask.status === TaskStatus.ERROR ? t('story.error', { message: errorMessage(this.storyTask.error) }) : '';
  }

  private get live(): DistrictSummary | null {
    return this.liveTask.status === TaskStatus.COMPLETE ? this.liveTask.value ?? null : null;
  }

  private get liveError(): string {
    return this.liveTask.status === TaskStatus.ERROR ? errorMessage(this.liveTask.error) : '';
  }

  connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey, { capture: true });
    document.addEventListener('fullscreenchange', this.onFullscreen);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey, { capture: true });
    document.removeEventListener('fullscreenchange', this.onFullscreen);
    this.showing?.abort();
    this.pdfAbort?.abort();
    clearTimeout(this.digitTimer);
    // The map view goes back to the viewer's layers, camera padding and north up.
    this.mapView?.present(null);
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  }

  /** The map view, remembered: once the player is removed the ref may already be cleared. */
  private lastMap: StoryMap | null = null;
  private get mapView(): StoryMap | null {
    this.lastMap = this.map?.value ?? this.lastMap;
    return this.lastMap;
  }

  private get current(): Chapter | null {
    return this.story?.chapters[this.chapter - 1] ?? null;
  }

  protected updated(changed: PropertyValues): void {
    const story = this.story;
    if (!story) return;
    if (this.chapter < 1 || this.chapter > story.chapters.length || !Number.isInteger(this.chapter)) {
      this.go(Math.min(Math.max(1, Math.round(this.chapter) || 1), story.chapters.length));
      return;
    }
    if (story !== this.shownStory) this.shown = 0;
    if (changed.has('chapter') || story !== this.shownStory) {
      this.shownStory = story;
      void this.showChapter(this.chapter, this.shown !== 0 && !reducedMotion());
    }
  }

  // ---------- rendering ----------

  render() {
    if (this.loadError) return html`<div class="busy error" role="alert">${this.loadError}</div>`;
    const story = this.story;
    const c = this.current;
    if (!story || !c) return html`<div class="busy" role="status">${t('story.loading')}</div>`;
    const total = story.chapters.length;
    const n = this.chapter;
    const figures = c.shown ?? [...c.figures.map(formatFigure), ...(c.kind === 'district' && this.live ? this.figuresOf(c, this.live) : [])];
    return html`
      <section class="panel" role="region" aria-roledescription="slajd" aria-label=${t('story.label', { title: story.title })} data-chapter=${n} data-chapter-id=${c.id} data-kind=${c.kind}>
        <div class="content" tabindex="0">
          <p class="kicker">${this.kicker(c)}</p>
          <h1 data-story-title aria-live="polite">${c.title}</h1>
          ${c.text.map((p) => html`<p class="text">${p}</p>`)}
          ${figures.length
            ? html`<ul class="figures" aria-label=${c.title}>
                ${figures.map((f) => html`<li data-figure class=${f.wide ? 'wide' : ''}><span class="value">${f.value}</span><span class="label">${f.label}</span></li>`)}
              </ul>`
            : nothing}
          ${c.items?.length
            ? html`<ul class="items" data-council-items>
                ${c.items.map((i) => html`<li data-item-status=${i.status}><strong>${i.name}</strong><span class="chip ${i.status}">${i.statusText}</span>${i.detail ? html`<span class="detail">${i.detail}</span>` : nothing}</li>`)}
              </ul>`
            : nothing}
          ${c.kind === 'district' && !c.shown && !this.live && !this.liveError ? html`<p class="status" role="status">${t('story.live.loading')}</p>` : nothing}
          ${c.kind === 'district' && !c.shown && this.live ? html`<p class="live-note" data-live>${t('story.live.note')}</p>` : nothing}
          ${c.shown ? html`<p class="live-note" data-council-note>${t('council.source', { year: this.council ?? '' })}</p>` : nothing}
          ${this.liveError ? html`<p class="status" role="alert">${this.liveError}</p>` : nothing}
          ${c.kind === 'closing' ? this.share() : nothing}
        </div>
        ${this.legend(c)}
        <nav class="bar" aria-label=${t('story.controls')}>
          <div class="row">
            <button class="nav" data-action="prev" aria-label=${t('story.prev')} title=${t('story.prev')} ?disabled=${n <= 1} @click=${() => this.go(n - 1)}>←</button>
            <div class="progress" role="progressbar" aria-label=${t('story.progressLabel')} aria-valuemin="1" aria-valuemax=${total} aria-valuenow=${n} aria-valuetext=${t('story.progress', { n, total })}>
              <span class="count" data-progress>${n} / ${total}</span>
              <div class="track"><div class="fill" style="width: ${(100 * n) / total}%"></div></div>
            </div>
            <button class="nav" data-action="next" aria-label=${t('story.next')} title=${t('story.next')} ?disabled=${n >= total} @click=${() => this.go(n + 1)}>→</button>
            <span role="status">${this.digits
              ? html`<span class="digits" data-digits=${this.digits}>${t('story.digits', { digits: this.digits })}<small>${t('story.digitsHint')}</small></span>`
              : nothing}</span>
          </div>
          <div class="row">
            <button data-action="fullscreen" aria-pressed=${String(this.fullscreen)} @click=${this.toggleFullscreen}>
              ${this.fullscreen ? t('story.fullscreenExit') : t('story.fullscreen')}
            </button>
            <button data-action="png" ?disabled=${Boolean(this.busy)} @click=${() => this.exportPng(1)}>PNG</button>
            <button data-action="png2x" ?disabled=${Boolean(this.busy)} @click=${() => this.exportPng(2)}>${t('export.png2x')}</button>
            <button data-action="pdf" title=${t('export.pdf')} ?disabled=${Boolean(this.busy) || Boolean(this.pdfJob)} @click=${this.exportPdf}>PDF</button>
            <button data-action="exit" title=${`${t('story.exit')} · ${t('story.keys')}`} @click=${this.exit}>${t('story.exitShort')}</button>
          </div>
          ${this.pdfJob ? this.job(this.pdfJob) : nothing}
          <p class="note" role="status" data-pdf-note>${this.pdfNote}</p>
        </nav>
      </section>
      ${this.busy ? html`<div class="busy ${this.busyError ? 'error' : ''}" role=${this.busyError ? 'alert' : 'status'}>${this.busy}</div>` : nothing}
    `;
  }

  private kicker(c: StoryChapter): string {
    if (this.council !== null) {
      if (c.kind === 'title' || c.kind === 'closing') return t('council.kicker', { year: this.council });
      if (c.kind === 'undertaking') return t('council.kindUndertaking', { code: c.goal ?? '' });
    }
    if (c.kind === 'goal') return t('story.kind.goal', { code: c.goal ?? '' });
    return t(`story.kind.${c.kind}`);
  }

  /** The closing chapter's link to the story: a QR code and the link as text. */
  /** The link to this story: the town's, or this year's report to the council. */
  private link(): string {
    const url = storyLink(location.href, this.city);
    if (this.council === null) return url;
    const u = new URL(url);
    u.hash = `${this.city}/raport/${this.council}/1`;
    return u.toString();
  }

  private share() {
    const url = this.link();
    const qr = qrMatrix(url);
    const size = qr.length + 8;
    return html`<div class="share" data-share>
      <svg data-qr=${url} viewBox="0 0 ${size} ${size}" role="img" aria-label=${t('story.qr', { url })} shape-rendering="crispEdges">
        <rect width=${size} height=${size} fill="#fff"></rect>
        <path d=${qrPath(qr)} fill="#000"></path>
      </svg>
      <div>
        <p>${t('story.link')}</p>
        <a href=${url} data-story-link>${url}</a>
        ${this.council !== null ? html`<p><a href=${progressApi.reportPdfUrl(this.city, this.council)} target="_blank" rel="noopener" data-council-pdf>${t('council.reportPdf', { year: this.council })}</a></p>` : nothing}
      </div>
    </div>`;
  }

  /** The PDF being made: how far, and a button to stop it. */
  private job(job: { n: number; total: number }) {
    return html`<div class="job" data-pdf-progress=${job.n}>
      <span role="status">${t('export.pdfProgress', { n: job.n, total: job.total })}</span>
      <progress max=${job.total} value=${job.n - 1} aria-label=${t('export.pdf')}></progress>
      <button data-action="pdf-cancel" @click=${() => this.pdfAbort?.abort()}>${t('export.cancel')}</button>
    </div>`;
  }

  /** What a chapter's map shows, for the legend on screen and in the exports: layers, then the story's own marks. */
  private legendItems(c: Chapter): (LegendItem & { id?: string; mark?: string })[] {
    if (!this.detail) return [];
    const items: (LegendItem & { id?: string; mark?: string })[] = legendFor(c.layers, this.detail);
    if (c.built?.features.length) items.push({ label: t('council.builtLegend', { year: this.council ?? '' }), color: BUILT_COLOUR, kind: 'route', mark: 'built' });
    const { district, features } = outlinesOf(c, this.detail);
    if (features.length) items.push({ label: t('story.highlight'), color: defaultTheme.selected, kind: 'highlight', mark: 'highlight' });
    if (district) items.push({ label: t('story.districtOutline'), color: STORY_DISTRICT_OUTLINE.color, kind: 'district', mark: 'district' });
    if (showsProposals(c)) items.push({ label: t('story.proposals'), color: '#1d3b2a', kind: 'cluster', mark: 'proposals' });
    return items;
  }

  private legend(c: StoryChapter) {
    const items = this.legendItems(c);
    if (!items.length) return nothing;
    // The closing chapter needs its room for the link; every layer was named in the chapters before, so its legend opens on demand.
    return html`<aside class="legend" aria-label=${t('story.legend')} data-legend>
      ${c.kind === 'closing' || (this.council !== null && c.kind === 'title') ? html`<details><summary><h2>${t('story.legend')}</h2></summary>${this.legendList(items)}</details>` : html`<h2>${t('story.legend')}</h2>${this.legendList(items)}`}
    </aside>`;
  }

  /** The legend's entries: layers, then the story's marks (highlight, district boundary, proposals). */
  private legendList(items: (LegendItem & { id?: string; mark?: string })[]) {
    const statuses = [PROPOSAL_COLOURS.proposed, PROPOSAL_COLOURS.accepted, PROPOSAL_COLOURS.planted];
    return html`<ul>
        ${items.map((e) =>
          e.mark === 'built'
            ? html`<li data-legend-mark="built"><span class="swatch built" style="background:${e.color}"></span>${e.label}</li>`
            : e.mark === 'highlight'
            ? html`<li data-legend-mark="highlight"><span class="swatch outline"></span>${e.label}</li>`
            : e.mark === 'district'
              ? html`<li data-legend-mark="district"><span class="swatch district"></span>${e.label}</li>`
              : e.mark === 'proposals'
                ? // One row: the cluster and the three status colours, so a district chapter still fits a projector's panel.
                  html`<li data-legend-mark="proposals"><span class="swatch cluster" style="background:${e.color}"></span><span class="swatch statuses">${statuses.map((col) => html`<i style="background:${col}"></i>`)}</span>${e.label}</li>`
                : html`<li data-legend-layer=${e.id}><span class="swatch ${e.kind}" style="background:${e.color}"></span>${e.label}</li>`,
        )}
      </ul>`;
  }

  // ---------- chapters on the map ----------

  private go(n: number): void {
    this.dispatchEvent(new CustomEvent('story-go', { detail: { chapter: n }, bubbles: true, composed: true }));
  }

  private exit = () => {
    this.dispatchEvent(new CustomEvent('story-exit', { bubbles: true, composed: true }));
  };

  /** Room the panel and the legend take, so the camera centres the chapter in the free part of the map. */
  private padding(): { top: number; right: number; bottom: number; left: number } {
    const mv = this.mapView;
    const panel = this.renderRoot.querySelector<HTMLElement>('.panel');
    if (!mv || !panel) return { top: 0, right: 0, bottom: 0, left: 0 };
    const m = mv.getBoundingClientRect();
    const p = panel.getBoundingClientRect();
    const narrow = p.width >= m.width - 10;
    if (narrow) return { top: 20, right: 20, bottom: Math.max(0, m.bottom - p.top) + 20, left: 20 };
    return { top: 30, right: 30, bottom: 30, left: Math.max(0, p.right - m.left) + 30 };
  }

  /** Puts chapter n on the map: layers, highlight, district outline, camera; live figures for districts. */
  private async showChapter(n: number, animate: boolean): Promise<void> {
    const c = this.story?.chapters[n - 1];
    if (!c) return;
    this.showing?.abort();
    const showing = new AbortController();
    this.showing = showing;
    this.removeAttribute('data-ready');
    this.keys.current = n;
    this.keys.total = this.story!.chapters.length;
    const map = this.mapView;
    if (!map) return;
    await map.whenReady();
    if (showing.signal.aborted) return;
    await this.updateComplete;
    this.present(c);
    await map.showCamera(this.cameraFor(c), animate ? FLIGHT_MS : 0, this.padding());
    if (showing.signal.aborted) return;
    this.shown = n;
    this.setAttribute('data-ready', String(n));
  }

  /** The chapter's camera: its own, or (a report chapter) the one that frames its box in the map's free part. */
  private cameraFor(c: Chapter) {
    const mv = this.mapView;
    if (!c.box || !mv) return cameraOf(c);
    const r = mv.getBoundingClientRect();
    return cameraForBox(c.box, { width: r.width, height: r.height }, this.padding());
  }

  /** What a chapter puts on a map: layers, highlight, district outline, proposals, and (a report chapter) what was built. */
  private presentation(c: Chapter) {
    const { district, features } = outlinesOf(c, this.detail);
    return { layers: c.layers, highlight: features, district, proposals: showsProposals(c), ...(c.built ? { built: c.built as FeatureCollection } : {}) };
  }

  /** The chapter's layers, highlighted features and outlined district on the map. */
  private present(c: Chapter): void {
    this.mapView?.present(this.presentation(c));
  }

  /** Figures of a district chapter from its live summary: only what the town's strategy has (story-logic.ts). */
  private figuresOf(c: StoryChapter, summary: DistrictSummary): ShownFigure[] {
    return districtFigures(
      summary,
      this.detail ?? { layers: [] },
      {
        bikeKm: t('story.live.bikeKm'),
        undertakings: t('story.live.undertakings'),
        trees: t('story.live.trees'),
        target: t('story.live.target'),
        coverage: t('story.live.coverage'),
        kindSites: (n, kind) => plural('story.live.kindSites', n, { kind }),
        sites: (n) => plural('story.live.sites', n),
        area: t('story.live.area'),
        num,
      },
      MAX_FIGURES - c.figures.length,
    );
  }

  /** Figures of a district, fetched now from the district query (never copied into story.json). */
  private async liveFigures(c: StoryChapter, district: string): Promise<ShownFigure[]> {
    return this.figuresOf(c, await this.api.districtSummary(this.city, district));
  }

  // ---------- keys, fullscreen ----------

  private onKey = (e: KeyboardEvent) => {
    if (!this.story || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.composedPath()[0] as HTMLElement | undefined;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
    // Keys keep working while a PDF or an image is made: those are drawn on an off-screen map.
    this.act(keyAction(e.key, this.keys), e);
  };

  private act(action: StoryAction, e?: KeyboardEvent): void {
    if (action.type === 'none') return;
    e?.preventDefault();
    e?.stopPropagation();
    clearTimeout(this.digitTimer);
    this.digits = this.keys.digits;
    if (action.type === 'exit') this.exit();
    else if (action.type === 'go') {
      if (action.chapter !== this.chapter) this.go(action.chapter);
    } else if (action.digits) {
      // A pause after the last digit takes the number (an event-driven timer; Enter takes it at once).
      this.digitTimer = setTimeout(() => this.act(takeDigits(this.keys)), this.digitPauseMs);
    }
  }

  private toggleFullscreen = async () => {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await document.documentElement.requestFullscreen();
    } catch (err) {
      this.flash(t('export.failed', { message: errorMessage(err) }), true);
    }
  };

  private onFullscreen = () => {
    this.fullscreen = Boolean(document.fullscreenElement);
  };

  private flash(message: string, error = false): void {
    this.busy = message;
    this.busyError = error;
    setTimeout(() => {
      if (this.busy === message) {
        this.busy = '';
        this.busyError = false;
      }
    }, 4000);
  }

  // ---------- export ----------

  private decorations(c: StoryChapter) {
    const d = this.detail!;
    const legend = this.legendItems(c).map((e) => ({ label: e.label, color: e.color, kind: e.kind }));
    return { legend, legendTitle: t('story.legend'), attribution: attributionsFor(d.attribution, d.layers, new Set(c.layers)).join(' · '), north: t('export.north') };
  }

  /** A chapter's text as the exports set it (live figures fetched now for a district chapter). */
  private async pageText(c: Chapter, n: number): Promise<PageText> {
    const story = this.story!;
    const live = !c.shown && c.kind === 'district' && c.district ? await this.liveFigures(c, c.district) : [];
    return {
      kicker: this.kicker(c),
      title: c.title,
      text: [...c.text, ...(c.items ?? []).map((i) => `${i.name} — ${i.statusText}${i.detail ? `: ${i.detail}` : ''}`)],
      figures: c.shown ?? [...c.figures.map(formatFigure), ...live],
      footer: `${this.detail?.name ?? ''} · ${story.title} · ${t('story.progress', { n, total: story.chapters.length })}`,
    };
  }

  /** The closing chapter's link to the story (and its QR code) for the exports. */
  private linkOf(c: StoryChapter): { url: string; qr: boolean[][] } | null {
    if (c.kind !== 'closing') return null;
    const url = this.link();
    return { url, qr: qrMatrix(url) };
  }

  /** Puts chapter c on an off-screen twin map of the given size, framed as the live map frames it, and waits until drawn. */
  private async showOnTwin(twin: KpMapView, c: StoryChapter, size: { width: number; height: number }): Promise<void> {
    const live = this.mapView!.getBoundingClientRect();
    const pad = { top: 30, right: 30, bottom: 30, left: 30 };
    twin.present(this.presentation(c));
    await twin.showCamera(twinCamera(this.cameraFor(c), live, this.padding(), size, pad), 0, pad);
  }

  /** A twin of the live map, off-screen, of the given size, ready to draw. */
  private async makeTwin(size: TwinSize): Promise<KpMapView> {
    const twin = await this.mapView!.twin(size);
    try {
      await twin.updateComplete;
      await twin.whenReady();
      return twin;
    } catch (err) {
      twin.remove();
      throw err;
    }
  }

  /**
   * The chapter as projected: the panel (title, text, figures; QR and link on the closing
   * chapter) beside its map, drawn off-screen at the size the map has on screen, so the live map
   * neither moves nor changes.
   */
  private async exportPng(scale: 1 | 2): Promise<void> {
    const c = this.current;
    const map = this.mapView;
    const story = this.story;
    if (!c || !map || !story) return;
    this.busy = t('export.busy');
    this.busyError = false;
    let twin: KpMapView | null = null;
    try {
      const n = this.chapter;
      const { exportChapterPng, slug } = await import('../export/export.ts');
      const box = map.getBoundingClientRect();
      const panel = Math.round(Math.min(Math.max(420, box.width * 0.4), box.width * 0.55));
      const size = { width: Math.round(box.width) - panel, height: Math.round(box.height) };
      twin = await this.makeTwin({ ...size, pixelRatio: scale });
      const [text] = await Promise.all([this.pageText(c, n), this.showOnTwin(twin, c, size)]);
      const shot = await twin.capture(scale);
      const colours = { panel: ui.panel, text: ui.panelText, muted: ui.panelMuted, accent: ui.accent };
      await exportChapterPng(shot, panel, text, this.decorations(c), colours, this.linkOf(c), `${slug(this.city)}-${n}-${c.id}${scale === 2 ? '@2x' : ''}.png`);
      this.busy = '';
    } catch (err) {
      this.flash(t('export.failed', { message: errorMessage(err) }), true);
    } finally {
      twin?.remove();
    }
  }

  /** The whole story as a PDF, drawn chapter by chapter on an off-screen twin while the presenter goes on; can be stopped. */
  private exportPdf = async () => {
    const story = this.story;
    const map = this.mapView;
    if (!story || !map || this.pdfJob) return;
    const total = story.chapters.length;
    const abort = new AbortController();
    this.pdfAbort = abort;
    this.pdfJob = { n: 1, total };
    this.pdfNote = '';
    let twin: KpMapView | null = null;
    try {
      const { exportStoryPdf, slug, PDF_MAP_CSS } = await import('../export/export.ts');
      const size = { width: PDF_MAP_CSS.width, height: PDF_MAP_CSS.height };
      // Paper is read up close: the viewer's look, not the projector's big type and thick lines.
      twin = await this.makeTwin({ ...size, theme: 'default', pixelRatio: PDF_MAP_CSS.scale });
      const t0 = performance.now();
      const done = await exportStoryPdf(
        {
          total,
          title: `${this.detail?.name ?? ''} — ${story.title}`,
          lang: getLocale(),
          scale: PDF_MAP_CSS.scale,
          capture: (s) => twin!.capture(s),
          progress: (n) => (this.pdfJob = { n, total }),
          chapter: async (n) => {
            const c = story.chapters[n - 1]!;
            const [text] = await Promise.all([this.pageText(c, n), this.showOnTwin(twin!, c, size)]);
            return { text, decorations: this.decorations(c), link: this.linkOf(c) };
          },
        },
        this.council === null ? `${slug(this.city)}-prezentacja.pdf` : `${slug(this.city)}-raport-${this.council}-prezentacja.pdf`,
        abort.signal,
      );
      // For the bench and the tests: how long the PDF took and how big it is.
      if (done) this.dataset.pdf = JSON.stringify({ ...done, ms: Math.round(performance.now() - t0) });
      this.pdfJob = null;
      this.pdfNote = done ? t('export.pdfDone', { pages: done.pages, mb: num(done.bytes / 1e6, 1) }) : t('export.cancelled');
    } catch (err) {
      this.pdfJob = null;
      this.flash(t('export.failed', { message: errorMessage(err) }), true);
    } finally {
      twin?.remove();
      if (this.pdfAbort === abort) this.pdfAbort = null;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-story-player': KpStoryPlayer;
  }
}
