/**
 * The search box over the map: a combobox (WAI-ARIA 1.2 pattern) over what the town's pack
 * holds and, when the server has a geocoder, its places listed apart and marked as such.
 * ↓/↑ move through the results (aria-activedescendant), Enter picks, Escape closes then clears.
 * Each keystroke cancels the last request: the answer shown is always for the text typed.
 *
 * @fires search-pick - {SearchHit} a result was chosen
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SearchHit, SearchResult } from '../../server/search/types.ts';
import { createSearchApi, errorMessage } from '../api/client.ts';
import { getLocale, t, type MessageId } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';

@customElement('kp-search-box')
export class KpSearchBox extends LitElement {
  static styles = css`
    :host {
      display: block;
      position: relative;
      font-size: 0.9rem;
    }
    input {
      box-sizing: border-box;
      width: 100%;
      font: inherit;
      padding: 0.45rem 0.7rem;
      border: 1px solid #8c959f;
      border-radius: 6px;
      background: #fff;
      box-shadow: 0 1px 4px #0003;
    }
    input:focus-visible {
      outline: 3px solid #1f5fbf;
      outline-offset: 1px;
    }
    .list {
      position: absolute;
      left: 0;
      right: 0;
      top: calc(100% + 4px);
      background: #fff;
      border: 1px solid #d0d7de;
      border-radius: 6px;
      box-shadow: 0 4px 12px #0003;
      max-height: min(60vh, 24rem);
      overflow: auto;
      z-index: 5;
    }
    [role='listbox'] {
      list-style: none;
      margin: 0;
      padding: 0.2rem 0;
    }
    [role='option'] {
      padding: 0.35rem 0.7rem;
      cursor: pointer;
      line-height: 1.3;
    }
    [role='option'][aria-selected='true'],
    [role='option']:hover {
      background: #ddf4ff;
    }
    .detail {
      display: block;
      font-size: 0.8rem;
      color: #57606a;
    }
    .group {
      margin: 0;
      padding: 0.35rem 0.7rem 0.1rem;
      font-size: 0.75rem;
      font-weight: 600;
      color: #57606a;
      text-transform: uppercase;
      border-top: 1px solid #d0d7de;
    }
    .note {
      padding: 0.4rem 0.7rem;
      color: #57606a;
    }
  `;

  @property() city = '';
  @state() private text = '';
  @state() private result: SearchResult | null = null;
  @state() private open = false;
  @state() private active = -1;
  @state() private error: string | null = null;
  protected readonly localeController = new LocaleController(this);
  private pending: AbortController | null = null;
  private readonly api = createSearchApi();
  /** Typing waits for a pause before asking (the server may pass the question on to a shared geocoder). */
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  static readonly TYPING_PAUSE_MS = 250;

  private get hits(): SearchHit[] {
    return [...(this.result?.results ?? []), ...(this.result?.geocoder ?? [])];
  }

  render() {
    const hits = this.hits;
    const own = this.result?.results ?? [];
    const geo = this.result?.geocoder;
    const option = (h: SearchHit, i: number) =>
      html`<li id="opt-${i}" role="option" aria-selected=${String(i === this.active)} data-kind=${h.kind} data-id=${h.id} @pointerdown=${(e: Event) => e.preventDefault()} @click=${() => this.pick(h)}>
        ${h.label}${h.number ? ` · ${t('pnum.short', { n: h.number })}` : ''}<span class="detail">${[h.kind === 'geocoder' ? t('search.fromGeocoder') : t(`search.kind.${h.kind}`), h.kind === 'proposal' ? t(`proposals.status.${h.detail}` as MessageId) : h.detail].filter(Boolean).join(' · ')}</span>
      </li>`;
    return html`
      <input
        type="search"
        role="combobox"
        aria-label=${t('search.label')}
        placeholder=${t('search.placeholder')}
        aria-autocomplete="list"
        aria-expanded=${String(this.open && this.result !== null)}
        aria-controls="results"
        aria-activedescendant=${this.active >= 0 ? `opt-${this.active}` : nothing}
        autocomplete="off"
        .value=${this.text}
        @input=${this.onInput}
        @keydown=${this.onKey}
        @blur=${() => (this.open = false)}
        @focus=${() => (this.open = this.result !== null)}
      />
      <div class="list" ?hidden=${!this.open || this.result === null}>
        <ul id="results" role="listbox" aria-label=${t('search.results')}>
          ${own.map((h, i) => option(h, i))}
        </ul>
        ${geo && geo.length
          ? html`<p class="group" id="geo-h">${t('search.geocoderGroup')}</p>
              <ul role="listbox" aria-labelledby="geo-h" data-geocoder>
                ${geo.map((h, i) => option(h, own.length + i))}
              </ul>`
          : nothing}
        ${this.result && hits.length === 0 ? html`<p class="note" role="status">${t('search.none', { q: this.result.query })}</p>` : nothing}
        ${this.result?.geocoderError ? html`<p class="note" data-geocoder-error>${t('search.geocoderFailed')}</p>` : nothing}
        ${this.error ? html`<p class="note" role="alert">${this.error}</p>` : nothing}
      </div>
    `;
  }

  private onInput = (e: Event) => {
    this.text = (e.target as HTMLInputElement).value;
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => {
      this.typingTimer = null;
      void this.run(this.text);
    }, KpSearchBox.TYPING_PAUSE_MS);
  };

  disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.pending?.abort();
  }

  private async run(text: string): Promise<void> {
    this.pending?.abort();
    const q = text.trim();
    if (!q) {
      this.result = null;
      this.active = -1;
      return;
    }
    const ctl = new AbortController();
    this.pending = ctl;
    try {
      const body = await this.api.search(this.city, q, getLocale(), ctl.signal);
      if (ctl.signal.aborted) return;
      this.result = body;
      this.error = null;
      this.active = this.hits.length ? 0 : -1;
      this.open = true;
    } catch (err) {
      if (ctl.signal.aborted) return;
      this.error = t('search.failed', { message: errorMessage(err) });
      this.open = true;
    }
  }

  private onKey = (e: KeyboardEvent) => {
    const n = this.hits.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!this.open) {
        this.open = this.result !== null;
        return;
      }
      if (!n) return;
      this.active = e.key === 'ArrowDown' ? (this.active + 1) % n : (this.active - 1 + n) % n;
      void this.updateComplete.then(() => this.renderRoot.querySelector(`#opt-${this.active}`)?.scrollIntoView({ block: 'nearest' }));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (this.typingTimer) {
        // Enter before the pause: ask now, and take the first answer.
        clearTimeout(this.typingTimer);
        this.typingTimer = null;
        void this.run(this.text).then(() => {
          const first = this.hits[0];
          if (first) this.pick(first);
        });
        return;
      }
      const hit = this.hits[this.active];
      if (this.open && hit) this.pick(hit);
    } else if (e.key === 'Escape') {
      if (this.open) this.open = false;
      else {
        this.text = '';
        this.result = null;
      }
      e.preventDefault();
      e.stopPropagation();
    }
  };

  private pick(hit: SearchHit): void {
    this.open = false;
    this.text = hit.label;
    this.dispatchEvent(new CustomEvent<SearchHit>('search-pick', { detail: hit, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-search-box': KpSearchBox;
  }
}
