/**
 * What one feature is: name, description, goals, declared figures, status, accuracy and
 * source. All pack text is rendered as text (Lit text bindings), never as HTML.
 */
import type { IndicatorsResponse } from '../../server/progress/progress-types.ts';
import '../progress/kp-progress-summary.ts';
import '../progress/kp-follow-toggle.ts';
import type { FollowsState } from '../state/follows.ts';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Feature, Geometry } from 'geojson';
import type { ContextFeatureProps, Goals, LayerCatalogueEntry, StrategyFeatureProps, Undertaking } from '../../server/api-types.ts';
import { num, t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import { measuredKmById } from './measured-km.ts';
import { panelStyles } from '../components/shared-styles.ts';
import { EscapeKey } from '../components/escape-key.ts';

type AnyProps = StrategyFeatureProps | ContextFeatureProps;

function isStrategy(p: AnyProps): p is StrategyFeatureProps {
  return Array.isArray((p as StrategyFeatureProps).goals);
}

/**
 * @fires panel-close - the panel asks to be closed (button or Esc)
 */
@customElement('kp-feature-panel')
export class KpFeaturePanel extends LitElement {
  /** Re-renders on a language switch. */
  protected readonly localeController = new LocaleController(this);
  static styles = [
    panelStyles,
    css`
      :host {
        background: #fff;
        box-shadow: 0 2px 10px #0003;
        border-radius: 8px;
        /* The inner box scrolls, not the host (see proposal-styles.ts: a scrolling host blanked the map on phones). */
        display: flex;
        flex-direction: column;
        overflow: hidden;
      }
      .inner {
        flex: 1 1 auto;
        min-height: 0;
        overflow: auto;
        padding: 0.8rem 1rem 1rem;
      }
      header {
        display: flex;
        align-items: flex-start;
        gap: 0.5rem;
      }
      header h2:focus {
        outline: none;
      }
      header h2 {
        flex: 1;
        margin-top: 0.1rem;
        font-size: 1.1rem;
      }
      .close {
        border: none;
        background: none;
        font-size: 1.4rem;
        line-height: 1;
        padding: 0.1rem 0.4rem;
        border-radius: 4px;
      }
      .close:hover {
        background: #eaeef2;
      }
      .layer {
        display: flex;
        gap: 0.4rem;
        align-items: center;
        color: #57606a;
        font-size: 0.8rem;
      }
      .dot {
        width: 0.7rem;
        height: 0.7rem;
        border-radius: 50%;
        background: var(--c);
      }
      dl {
        margin: 0.2rem 0;
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.15rem 0.7rem;
      }
      dt {
        color: #57606a;
      }
      dd {
        margin: 0;
      }
      .figure-value {
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      code {
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) feature: Feature<Geometry, AnyProps> | null = null;
  @property({ attribute: false }) layer: LayerCatalogueEntry | null = null;
  @property({ attribute: false }) goals: Goals | null = null;
  @property({ attribute: false }) undertakings: Undertaking[] = [];
  /** Progress indicators on the time control's date (null while they load). */
  @property({ attribute: false }) indicators: IndicatorsResponse | null = null;
  /** What this person follows (the "Obserwuj" toggle of the feature's undertaking). */
  @property({ attribute: false }) follows: FollowsState | null = null;

  protected readonly escape = new EscapeKey(this, () => this.close());

  protected updated(changed: PropertyValues<this>): void {
    // Focus moves to the panel when it opens on a new feature.
    if (changed.has('feature') && this.feature) {
      this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
    }
  }

  render() {
    const f = this.feature;
    if (!f) return nothing;
    const p = f.properties;
    return html`
      <div class="inner" role="region" aria-label=${t('feature.panel')}>
        <header>
          <h2 tabindex="-1">${p.name}</h2>
          <button class="close" aria-label=${t('feature.close')} title=${t('feature.close')} @click=${this.close}>×</button>
        </header>
        ${this.layer
          ? html`<div class="layer"><span class="dot" style="--c:${this.layer.legend.color}" aria-hidden="true"></span>${t('feature.layer')}: ${this.layer.title}</div>`
          : nothing}
        ${isStrategy(p) ? this.strategyBody(p, f) : this.contextBody(p)}
      </div>
    `;
  }

  private strategyBody(p: StrategyFeatureProps, f: Feature<Geometry, AnyProps>) {
    const opName = new Map<string, string>();
    for (const g of this.goals?.strategic ?? []) for (const o of g.operational) opName.set(o.code, o.name);
    const undertaking = p.undertaking ? this.undertakings.find((u) => u.id === p.undertaking) : undefined;
    const isLine = f.geometry.type === 'LineString' || f.geometry.type === 'MultiLineString';
    const measured = isLine ? measuredKmById({ type: 'FeatureCollection', features: [{ ...f, id: p.id }] }).get(p.id) : undefined;
    return html`
      <p>${p.description}</p>
      ${undertaking ? html`<p><span class="muted">${t('feature.undertaking')}:</span> ${undertaking.name}</p>` : nothing}
      ${undertaking && this.indicators
        ? html`<h3>${t('progress.featureTitle')}</h3>
            <kp-progress-summary .indicator=${this.indicators.undertakings.find((u) => u.id === undertaking.id) ?? null}></kp-progress-summary>
            ${this.follows ? html`<kp-follow-toggle .undertaking=${undertaking.id} .name=${undertaking.name} .follows=${this.follows}></kp-follow-toggle>` : nothing}
            <p class="muted small">${t('progress.declaredApart')}</p>`
        : nothing}
      <h3>${t('feature.figures')}</h3>
      ${p.figures.length || measured !== undefined
        ? html`<dl>
            ${p.figures.map(
              (fig) => html`<dt>${fig.label}</dt>
                <dd data-figure=${fig.unit}>
                  ${fig.qualifier ? `${t(`qualifier.${fig.qualifier}`)} ` : ''}<span class="figure-value">${num(fig.value, Number.isInteger(fig.value) ? 0 : 2)}</span>
                  ${fig.unit}
                </dd>`,
            )}
            ${measured !== undefined
              ? html`<dt>${t('feature.measured')}</dt>
                  <dd data-measured-km><span class="figure-value">${num(measured)}</span> km</dd>`
              : nothing}
          </dl>`
        : html`<p class="muted">—</p>`}
      <h3>${t('feature.goals')}</h3>
      <ul>
        ${p.goals.map((code) => html`<li><code>${code}</code> ${opName.get(code) ?? ''}</li>`)}
      </ul>
      <dl>
        <dt>${t('feature.status')}</dt>
        <dd>${t(`status.${p.status}`)}</dd>
        <dt>${t('feature.accuracy')}</dt>
        <dd>${t(`accuracy.${p.accuracy}`)} — <span class="muted">${t(`accuracy.${p.accuracy}.explain`)}</span></dd>
      </dl>
      ${this.sourceBlock(p.source)}
    `;
  }

  private contextBody(p: ContextFeatureProps) {
    return html`
      <p class="muted">${t('feature.context')}${p.ref ? ` (${p.ref})` : ''}</p>
      <dl>
        <dt>${t('feature.accuracy')}</dt>
        <dd>${t(`accuracy.${p.accuracy}`)} — <span class="muted">${t(`accuracy.${p.accuracy}.explain`)}</span></dd>
      </dl>
      ${this.sourceBlock(p.source)}
    `;
  }

  private sourceBlock(source: StrategyFeatureProps['source']) {
    return html`
      <h3>${t('feature.source')}</h3>
      <p>
        ${source.document}, ${t('feature.section')}: ${source.section}
        ${source.url && /^https?:\/\//.test(source.url)
          ? html`<br /><a href=${source.url} target="_blank" rel="noopener noreferrer">${t('feature.openSource')}</a>`
          : nothing}
      </p>
      ${source.note ? html`<p class="small muted">${source.note}</p>` : nothing}
    `;
  }

  private close = () => {
    this.dispatchEvent(new CustomEvent('panel-close', { bubbles: true, composed: true }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-feature-panel': KpFeaturePanel;
  }
}
