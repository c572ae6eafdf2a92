/**
 * The proposal form. First what is proposed, when the town takes several kinds (each with its
 * hint: what makes a good site); then the place, with only the geometries the kind takes: a pin
 * (placed by a click, dragged or moved with the arrow keys, or put in the map's centre from the
 * keyboard) or an area drawn on the map. A tree kind asks for a species and, for an area, a
 * count (with the most it may take); a site kind asks for neither (a proposal is one site).
 * A note, and a nickname the first time a resident proposes. The server's verdict is shown
 * here (aria-live).
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ProposalSetup } from '../../server/api-types.ts';
import type { FormError, ProposalShape, SubmitDetail } from '../state/proposals.ts';
import { wordError } from '../i18n/refusals.ts';
import { num, t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import { panelStyles } from '../components/shared-styles.ts';
import { floatingPanelStyles } from './proposal-styles.ts';
import { EscapeKey } from '../components/escape-key.ts';

type Kind = ProposalSetup['kinds'][number];

/**
 * @fires kind-change - {{ kind: string }} another kind was chosen
 * @fires shape-change - {{ shape: ProposalShape }}
 * @fires place-centre - put the pin in the centre of the map
 * @fires redraw - draw the area again
 * @fires proposal-submit - {SubmitDetail}
 * @fires proposal-cancel - close the form
 */
@customElement('kp-proposal-form')
export class KpProposalForm extends LitElement {
  /** Re-renders on a language switch. */
  protected readonly localeController = new LocaleController(this);
  static styles = [
    panelStyles,
    floatingPanelStyles,
    css`
      .row2 {
        display: grid;
        grid-template-columns: minmax(0, 1fr) 5.5rem;
        gap: 0.6rem;
        align-items: end;
      }
      .row2 select,
      .row2 input {
        width: 100%;
      }
      .count-note {
        font-size: 0.78rem;
        color: #57606a;
      }
      .placed {
        font-size: 0.82rem;
        color: #1a7f37;
      }
      .kind-hint {
        font-size: 0.82rem;
        color: #3d444d;
        margin: 0.1rem 0 0.4rem 1.6rem;
      }
      .kind-hint.single {
        margin-left: 0;
      }
    `,
  ];

  @property({ attribute: false }) kind: Kind | null = null;
  /** Every kind the town takes; a choice is offered when there are several. */
  @property({ attribute: false }) kinds: Kind[] = [];
  @property({ attribute: false }) species: ProposalSetup['species'] = [];
  @property({ attribute: false }) shape: ProposalShape = 'point';
  @property({ type: Boolean }) placed = false;
  @property({ attribute: false }) areaM2: number | null = null;
  @property({ type: Number }) maxCount = 1;
  @property({ type: Boolean }) needsNickname = false;
  @property({ type: Boolean }) busy = false;
  @property({ attribute: false }) error: FormError | null = null;

  @state() private speciesId = '';
  @state() private count = 1;
  @state() private note = '';
  @state() private nickname = '';
  @state() private localError: string | null = null;

  protected readonly escape = new EscapeKey(this, () => this.fire('proposal-cancel'));

  protected firstUpdated(): void {
    this.focusHeading();
  }

  /** Moves focus to the form's heading (it opens, or another kind was preselected from outside). */
  focusHeading(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('h2')?.focus());
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('maxCount') && this.shape === 'polygon') this.count = Math.max(1, Math.min(this.count, this.maxCount || 1));
    if (changed.has('shape') || (changed.has('kind') && changed.get('kind')?.id !== this.kind?.id)) this.count = 1;
    if (changed.has('error') && this.error) this.localError = null;
  }

  protected updated(changed: PropertyValues<this>): void {
    // After placing, move on to the form's first field.
    if (changed.has('placed') && this.placed && changed.get('placed') === false) {
      this.renderRoot.querySelector<HTMLElement>('form input, form select, form textarea')?.focus();
    }
  }

  render() {
    const k = this.kind;
    if (!k) return nothing;
    const err = this.localError ?? (this.error ? wordError(this.error) : null);
    return html`
      <div class="inner">
        <header>
          <h2 tabindex="-1" id="pf-h" data-kind=${k.id}>${t('proposals.formKind', { kind: k.label })}</h2>
          <button class="close" aria-label=${t('proposals.close')} title=${t('proposals.close')} @click=${() => this.fire('proposal-cancel')}>×</button>
        </header>
        ${this.kindChoice(k)} ${this.shapeChoice(k)} ${this.placeHelp()}
        ${this.placed ? this.form(k, err) : html`<div id="pf-err" aria-live="assertive">${this.errorBox(err)}</div>`}
        ${this.placed
          ? nothing
          : html`<div class="actions"><button class="btn" type="button" @click=${() => this.fire('proposal-cancel')}>${t('proposals.cancel')}</button></div>`}
      </div>
    `;
  }

  /** What is proposed: a radio per kind, the chosen kind's hint under it; a single kind shows its hint only. */
  private kindChoice(k: Kind) {
    const hint = (kind: Kind, single: boolean) =>
      kind.hint ? html`<p class="kind-hint ${single ? 'single' : ''}" id="pf-hint-${kind.id}"><strong>${t('proposals.hint')}:</strong> ${kind.hint}</p>` : nothing;
    if (this.kinds.length < 2) return hint(k, true);
    return html`<fieldset data-choice="kind">
      <legend>${t('proposals.kind')}</legend>
      ${this.kinds.map(
        (kind) => html`<label
            ><input
              type="radio"
              name="kind"
              value=${kind.id}
              data-kind=${kind.id}
              .checked=${kind.id === k.id}
              ?disabled=${this.busy}
              aria-describedby=${kind.hint && kind.id === k.id ? `pf-hint-${kind.id}` : nothing}
              @change=${() => this.fire('kind-change', { kind: kind.id })}
            />
            ${kind.label}</label
          >${kind.id === k.id ? hint(kind, false) : nothing}`,
      )}
    </fieldset>`;
  }

  /** Point or area, only among the geometries the kind takes (no choice when it takes one). */
  private shapeChoice(k: Kind) {
    const shapes = (['point', 'polygon'] as const).filter((s) => k.geometries.includes(s === 'point' ? 'Point' : 'Polygon'));
    if (shapes.length < 2) return nothing;
    const site = k.counts === 'sites';
    return html`<fieldset data-choice="shape">
      <legend>${site || this.kinds.length > 1 ? t('proposals.shapeHow') : t('proposals.shape')}</legend>
      ${shapes.map(
        (s) => html`<label
          ><input type="radio" name="shape" value=${s} .checked=${this.shape === s} ?disabled=${this.busy} @change=${() => this.fire('shape-change', { shape: s })} />
          ${t(site ? (s === 'point' ? 'proposals.shape.sitePoint' : 'proposals.shape.sitePolygon') : `proposals.shape.${s}`)}</label
        >`,
      )}
    </fieldset>`;
  }

  private placeHelp() {
    const site = this.kind?.counts === 'sites';
    if (this.shape === 'point') {
      return html`
        <p class="help" role="status">${this.placed ? t('proposals.help.pointPlaced') : site ? t('proposals.help.sitePoint') : t('proposals.help.point')}</p>
        <button class="btn" type="button" data-action="place-centre" ?disabled=${this.busy} @click=${() => this.fire('place-centre')}>${t('proposals.placeCentre')}</button>
      `;
    }
    if (!this.placed) return html`<p class="help" role="status">${t('proposals.help.polygon')}</p>`;
    const k = this.kind!;
    const area = this.areaM2 ?? 0;
    const tooLarge = area > k.rules.maxAreaM2;
    return html`
      <p class=${tooLarge ? 'error' : 'help'} role="status" data-area>
        ${tooLarge
          ? t('proposals.areaTooLarge', { area: num(area, 0), max: num(k.rules.maxAreaM2, 0) })
          : site
            ? t('proposals.areaSite', { area: num(area, 0), max: num(k.rules.maxAreaM2, 0) })
            : t('proposals.area', { area: num(area, 0), max: this.maxCount, per: k.rules.m2PerUnit })}
      </p>
      <button class="btn" type="button" ?disabled=${this.busy} @click=${() => this.fire('redraw')}>${t('proposals.redraw')}</button>
    `;
  }

  private errorBox(err: string | null) {
    return err ? html`<p class="error" data-code=${this.localError ? 'local' : this.error?.code ?? 'local'}>${err}</p>` : nothing;
  }

  private form(k: Kind, err: string | null) {
    return html`
      <form @submit=${this.onSubmit} novalidate aria-labelledby="pf-h" aria-describedby="pf-err">
        ${this.needsNickname
          ? html`<div class="field">
              <label for="pf-nick">${t('proposals.nickname')}</label>
              <input id="pf-nick" type="text" maxlength="40" autocomplete="nickname" required aria-describedby="pf-nick-help" .value=${this.nickname} @input=${(e: Event) => (this.nickname = (e.target as HTMLInputElement).value)} />
              <span id="pf-nick-help" class="small muted">${t('proposals.nicknameHelp')}</span>
            </div>`
          : nothing}
        ${k.counts === 'sites' ? html`<p class="count-note" data-site-one>${t('proposals.siteOne')}</p>` : this.unitFields(k)}
        <div class="field">
          <label for="pf-note">${t('proposals.note')}</label>
          <textarea id="pf-note" maxlength="1000" rows="3" aria-describedby="pf-note-help" .value=${this.note} @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}></textarea>
          <span id="pf-note-help" class="small muted">${t('proposals.noteHelp', { max: 1000 })}</span>
        </div>
        <div id="pf-err" aria-live="assertive">${this.errorBox(err)}</div>
        <div class="actions">
          <button class="btn primary" type="submit" data-action="submit" ?disabled=${this.busy}>${this.busy ? t('proposals.sending') : t('proposals.submit')}</button>
          <button class="btn" type="button" @click=${() => this.fire('proposal-cancel')}>${t('proposals.cancel')}</button>
        </div>
      </form>
    `;
  }

  /** Species (for a kind that needs one) and count (a point is one; an area up to the most it may take). */
  private unitFields(k: Kind) {
    const isPoint = this.shape === 'point';
    return html`
      <div class="row2">
        ${k.needsSpecies
          ? html`<div class="field">
              <label for="pf-species">${t('proposals.species')}</label>
              <select id="pf-species" required @change=${(e: Event) => (this.speciesId = (e.target as HTMLSelectElement).value)}>
                <option value="" ?selected=${!this.speciesId}>${t('proposals.speciesPick')}</option>
                ${this.species.map((s) => html`<option value=${s.id} ?selected=${s.id === this.speciesId}>${s.pl} (${s.latin})</option>`)}
              </select>
            </div>`
          : html`<div></div>`}
        <div class="field">
          <label for="pf-count">${t('proposals.countShort')}</label>
          <input
            id="pf-count"
            type="number"
            min="1"
            max=${isPoint ? 1 : Math.max(1, this.maxCount)}
            step="1"
            inputmode="numeric"
            aria-describedby="pf-count-note"
            ?readonly=${isPoint}
            .value=${String(isPoint ? 1 : this.count)}
            @input=${(e: Event) => (this.count = Math.floor(Number((e.target as HTMLInputElement).value)))}
          />
        </div>
      </div>
      <p id="pf-count-note" class="count-note">${isPoint ? t('proposals.countPoint') : t('proposals.countMax', { max: this.maxCount })}</p>
    `;
  }

  private onSubmit = (e: Event) => {
    e.preventDefault();
    const k = this.kind;
    if (!k || this.busy) return;
    let problem: string | null = null;
    if (this.needsNickname && !this.nickname.trim()) problem = t('proposals.needNickname');
    else if (k.needsSpecies && !this.speciesId) problem = t('proposals.needSpecies');
    this.localError = problem;
    if (problem) return;
    const detail: SubmitDetail = {
      species: this.speciesId,
      count: this.shape === 'point' || k.counts === 'sites' ? 1 : Math.max(1, this.count || 1),
      note: this.note,
      ...(this.needsNickname ? { nickname: this.nickname.trim() } : {}),
    };
    this.fire('proposal-submit', detail);
  };

  private fire(type: string, detail: unknown = null) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-proposal-form': KpProposalForm;
  }
}
