/**
 * The layer list: a checkbox per layer, its legend swatch and feature count, an accuracy
 * marker, and for route layers a table of declared vs measured km. It is also the text
 * alternative to the map: every layer's features are listed here (routes in their table, the
 * rest under "Lista obiektów"), each opening the feature panel as a click on the map does.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { FeatureCollection } from 'geojson';
import type { LayerCatalogueEntry } from '../../server/api-types.ts';
import { declaredKmOf } from '../../styles/labels.ts';
import { num, plural, t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import { panelStyles } from '../components/shared-styles.ts';
import { css } from 'lit';

/**
 * @fires layer-toggle - {{ id: string; visible: boolean }}
 * @fires feature-select - {{ id: string; layer: string }} a route row was chosen
 */
@customElement('kp-layer-panel')
export class KpLayerPanel extends LitElement {
  /** Re-renders on a language switch. */
  protected readonly localeController = new LocaleController(this);
  static styles = [
    panelStyles,
    css`
      .sr-only {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
      details.features {
        margin: 0.2rem 0 0.3rem 1.5rem;
        font-size: 0.9rem;
      }
      details.features ul {
        margin: 0.2rem 0;
        padding-left: 1.1rem;
        max-height: 16rem;
        overflow: auto;
      }
      details.features li.selected button {
        font-weight: 700;
      }
      ul.layers {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      li.layer {
        padding: 0.35rem 0;
        border-bottom: 1px solid #eaeef2;
      }
      .meta {
        margin-left: 1.5rem;
        display: flex;
        align-items: center;
        gap: 0.6rem;
      }
      a.download {
        font-size: 0.8rem;
      }
      label {
        display: flex;
        align-items: center;
        gap: 0.45rem;
        cursor: pointer;
      }
      input[type='checkbox'] {
        width: 1.05rem;
        height: 1.05rem;
        margin: 0;
        flex: none;
      }
      .swatch {
        flex: none;
        width: 1.1rem;
        height: 0.8rem;
        display: inline-block;
      }
      .swatch.area {
        border: 2px solid var(--c);
        background: color-mix(in srgb, var(--c) 40%, transparent);
        box-sizing: border-box;
      }
      .swatch.route {
        height: 0.3rem;
        background: var(--c);
        border-radius: 2px;
      }
      .swatch.point {
        width: 0.75rem;
        height: 0.75rem;
        border-radius: 50%;
        background: var(--c);
        border: 1px solid #fff;
        box-shadow: 0 0 0 1px #8c959f;
      }
      .swatch.mixed {
        background: linear-gradient(135deg, var(--c) 50%, transparent 50%);
        border: 1px solid var(--c);
      }
      .title {
        flex: 1;
      }
      .count {
        color: #57606a;
        font-size: 0.8rem;
        white-space: nowrap;
      }
      .routes {
        margin: 0.35rem 0 0.2rem 1.5rem;
      }
      tr.selected td {
        background: #fff0f0;
      }
      td .link {
        font-size: inherit;
      }
    `,
  ];

  @property({ attribute: false }) layers: LayerCatalogueEntry[] = [];
  @property({ attribute: false }) data: Record<string, FeatureCollection> = {};
  /** Measured length (km) of each route feature, by id (the catalogue's `lineKm`). */
  @property({ attribute: false }) lineKm: Record<string, number> = {};
  @property({ attribute: false }) visible: ReadonlySet<string> = new Set();
  @property({ attribute: false }) selected: string | null = null;
  /** Where each layer is downloaded as GeoJSON (empty: no link). */
  @property({ attribute: false }) downloadUrl: (layerId: string) => string = () => '';

  render() {
    const strategy = this.layers.filter((l) => l.role === 'strategy');
    const context = this.layers.filter((l) => l.role === 'context');
    return html`
      ${this.group(t('layers.strategy'), strategy, 'g-strategy')} ${this.group(t('layers.context'), context, 'g-context')}
    `;
  }

  private group(title: string, layers: LayerCatalogueEntry[], id: string) {
    if (!layers.length) return nothing;
    return html`
      <section aria-labelledby=${id}>
        <h2 id=${id}>${title}</h2>
        <ul class="layers">
          ${layers.map((l) => this.layerRow(l))}
        </ul>
      </section>
    `;
  }

  private layerRow(layer: LayerCatalogueEntry) {
    const checked = this.visible.has(layer.id);
    const accuracy = layer.accuracy !== 'surveyed' ? html`<span class="badge" title=${t(`accuracy.${layer.accuracy}.explain`)}>${t(`accuracy.${layer.accuracy}`)}</span>` : nothing;
    return html`
      <li class="layer">
        <label>
          <input
            type="checkbox"
            .checked=${checked}
            data-layer=${layer.id}
            aria-label=${t('layers.show', { title: layer.title })}
            @change=${(e: Event) => this.toggle(layer.id, (e.target as HTMLInputElement).checked)}
          />
          <span class="swatch ${layer.kind}" style="--c:${layer.legend.color}" aria-hidden="true"></span>
          <span class="title">${layer.title}</span>
          <span class="count">${plural('layers.count', layer.featureCount)}</span>
        </label>
        <div class="meta">
          ${accuracy}
          ${this.downloadUrl(layer.id)
            ? html`<a class="download" href=${this.downloadUrl(layer.id)} download data-download=${layer.id} aria-label=${t('layers.download', { title: layer.title })}>${t('layers.downloadShort')}</a>`
            : nothing}
        </div>
        ${layer.kind === 'route' && layer.role === 'strategy' ? this.routeTable(layer) : this.featureList(layer)}
      </li>
    `;
  }

  private routeTable(layer: LayerCatalogueEntry) {
    const fc = this.data[layer.id];
    if (!fc) return nothing;
    const rows = fc.features.map((f) => {
      const id = String(f.id ?? f.properties?.id);
      const props = f.properties as { name?: string; figures?: { value: number; unit: string }[] } | null;
      return { id, name: props?.name ?? id, declared: declaredKmOf(props), measured: this.lineKm[id] ?? 0 };
    });
    const totalMeasured = rows.reduce((s, r) => s + r.measured, 0);
    // No declared figure on any route: the total is "—", not a declared 0 km.
    const totalDeclared = layer.declaredKm ?? (rows.some((r) => r.declared != null) ? rows.reduce((s, r) => s + (r.declared ?? 0), 0) : null);
    const km = (v: number | null) => (v == null ? t('layers.none') : `${num(v)} km`);
    return html`
      <div class="routes">
        <table>
          <caption>
            ${t('layers.routeTable', { title: layer.title })}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t('layers.route')}</th>
              <th scope="col" class="num">${t('layers.declared')}</th>
              <th scope="col" class="num">${t('layers.measured')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (r) => html`
                <tr class=${r.id === this.selected ? 'selected' : ''}>
                  <td><button class="link" data-feature=${r.id} @click=${() => this.select(r.id, layer.id)}>${r.name}</button></td>
                  <td class="num">${km(r.declared)}</td>
                  <td class="num">${km(r.measured)}</td>
                </tr>
              `,
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">${t('layers.total')}</th>
              <td class="num" data-total="declared">${km(totalDeclared)}</td>
              <td class="num" data-total="measured">${km(totalMeasured)}</td>
            </tr>
          </tfoot>
        </table>
        <p class="small muted">${t('layers.lengthNote')}</p>
      </div>
    `;
  }

  /** The layer's features by name (a street drawn in many segments once), for keyboard and screen-reader users. */
  private featureList(layer: LayerCatalogueEntry) {
    const fc = this.data[layer.id];
    // Until the layer's data comes, the line its list will take is held (inert, unnamed), so
    // the panel does not jump when the lists arrive (a layout shift Lighthouse counted).
    if (!fc) return layer.featureCount ? html`<details class="features" inert aria-hidden="true"><summary>${t('layers.featureList', { n: layer.featureCount })}</summary></details>` : nothing;
    if (!fc.features.length) return nothing;
    const byName = new Map<string, string>();
    for (const f of fc.features) {
      const id = String(f.id ?? f.properties?.id);
      const name = (f.properties as { name?: string } | null)?.name || id;
      if (!byName.has(name)) byName.set(name, id);
    }
    const items = [...byName].sort((a, b) => a[0].localeCompare(b[0], 'pl'));
    return html`
      <details class="features" data-features=${layer.id}>
        <summary>${t('layers.featureList', { n: items.length })}<span class="sr-only"> — ${layer.title}</span></summary>
        <ul>
          ${items.map(
            ([name, id]) => html`<li class=${id === this.selected ? 'selected' : ''}>
              <button class="link" data-feature=${id} @click=${() => this.select(id, layer.id)}>${name}</button>
            </li>`,
          )}
        </ul>
      </details>
    `;
  }

  private toggle(id: string, visible: boolean) {
    this.dispatchEvent(new CustomEvent('layer-toggle', { detail: { id, visible }, bubbles: true, composed: true }));
  }

  private select(id: string, layer: string) {
    this.dispatchEvent(new CustomEvent('feature-select', { detail: { id, layer }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-layer-panel': KpLayerPanel;
  }
}
