/**
 * The town switcher in the header: a button with the current town's name that opens a list
 * of the server's towns, the current one marked. Each town is a plain link to its hash
 * (`#kalisz`), so switching is a navigation: it adds a history entry (Back returns), can be
 * opened in a new tab, and the app shell follows it on `hashchange`.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CityListItem } from '../../server/api-types.ts';
import { t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';

@customElement('kp-town-switcher')
export class KpTownSwitcher extends LitElement {
  /** Re-renders on a language switch. */
  protected readonly localeController = new LocaleController(this);
  static styles = css`
    :host {
      position: relative;
      min-width: 0;
    }
    :focus-visible {
      outline: 3px solid #fff;
      outline-offset: 2px;
    }
    button {
      font: inherit;
      font-size: 1.1rem;
      font-weight: 700;
      line-height: 1.2;
      display: flex;
      align-items: center;
      gap: 0.35rem;
      max-width: 100%;
      background: transparent;
      color: inherit;
      border: 1px solid transparent;
      border-radius: 4px;
      padding: 0.15rem 0.4rem;
      margin-left: -0.4rem;
      cursor: pointer;
    }
    button:hover,
    button[aria-expanded='true'] {
      border-color: #ffffffaa;
      background: #ffffff1a;
    }
    .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .caret {
      font-size: 0.75em;
    }
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
    }
    .busy {
      font-size: 0.8rem;
      opacity: 0.85;
      white-space: nowrap;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
    .pop {
      position: absolute;
      top: calc(100% + 0.3rem);
      left: -0.4rem;
      z-index: 20;
      min-width: 15rem;
      max-width: min(24rem, calc(100vw - 1rem));
      margin: 0;
      padding: 0.3rem 0;
      list-style: none;
      background: #fff;
      color: #1f2328;
      border: 1px solid #8c959f;
      border-radius: 6px;
      box-shadow: 0 6px 20px #0004;
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .heading {
      margin: 0;
      padding: 0.2rem 0.8rem 0.3rem;
      font-size: 0.75rem;
      color: #57606a;
      text-transform: uppercase;
      letter-spacing: 0.04em;
    }
    a {
      display: grid;
      grid-template-columns: 1.2rem 1fr;
      padding: 0.4rem 0.8rem 0.4rem 0.5rem;
      color: inherit;
      text-decoration: none;
    }
    a:hover,
    a:focus-visible {
      background: #eef3fb;
      outline-offset: -3px;
      outline-color: #1f5fbf;
    }
    a[aria-current='page'] {
      font-weight: 600;
    }
    .mark {
      color: #1a7f37;
    }
    .sub {
      grid-column: 2;
      font-size: 0.78rem;
      font-weight: 400;
      color: #57606a;
    }
  `;

  @property({ attribute: false }) cities: CityListItem[] = [];
  /** Id of the town shown now. */
  @property() current: string | null = null;
  /** Name of the town being loaded after a switch, or null. */
  @property() loading: string | null = null;
  /** The link of each town (the app keeps the open tab in it). */
  @property({ attribute: false }) hrefFor: (city: string) => string = (city) => `#${encodeURIComponent(city)}`;

  @state() private open = false;

  connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pointerdown', this.onOutside, true);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutside, true);
  }

  render() {
    const current = this.cities.find((c) => c.id === this.current);
    const name = current?.name ?? this.current ?? '';
    return html`
      <button
        type="button"
        data-action="town-switch"
        aria-expanded=${String(this.open)}
        aria-controls="towns"
        aria-label=${t('towns.change', { town: name })}
        title=${t('towns.change', { town: name })}
        @click=${() => this.toggle()}
        @keydown=${this.onButtonKey}
      >
        <span class="name">${name}</span><span class="caret" aria-hidden="true">▾</span>
      </button>
      <span class="busy" role="status">${this.loading ? t('towns.loading', { town: this.loading }) : ''}</span>
      ${this.open
        ? html`<div class="pop" id="towns" @keydown=${this.onListKey} @focusout=${this.onFocusOut}>
            <p class="heading" id="towns-h">${t('towns.list')}</p>
            <ul aria-labelledby="towns-h">
            ${this.cities.map((c) => {
              const here = c.id === this.current;
              return html`<li>
                <a href=${this.hrefFor(c.id)} data-city=${c.id} aria-current=${here ? 'page' : nothing} @click=${(e: Event) => this.pick(e, here)}>
                  <span class="mark" aria-hidden="true">${here ? '✓' : ''}</span>
                  <span>${c.name}${here ? html`<span class="visually-hidden"> ${t('towns.current')}</span>` : nothing}</span>
                  <span class="sub">${c.strategy.title}</span>
                </a>
              </li>`;
            })}
            </ul>
          </div>`
        : nothing}
    `;
  }

  private toggle(open = !this.open, focusFirst = false): void {
    this.open = open;
    if (open) {
      void this.updateComplete.then(() => {
        const links = [...this.renderRoot.querySelectorAll<HTMLAnchorElement>('a')];
        (focusFirst ? links[0] : links.find((a) => a.getAttribute('aria-current') === 'page') ?? links[0])?.focus();
      });
    }
  }

  /** A town was chosen: its link navigates (the app follows the hash); the current town's link only closes the list. */
  private pick(e: Event, current: boolean): void {
    if (current) {
      e.preventDefault();
      this.closeAndFocus();
    } else {
      this.open = false;
    }
  }

  private closeAndFocus(): void {
    this.open = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('button')?.focus());
  }

  private onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' && !this.open) {
      e.preventDefault();
      this.toggle(true, true);
    }
  };

  private onListKey = (e: KeyboardEvent) => {
    const links = [...this.renderRoot.querySelectorAll<HTMLAnchorElement>('a')];
    const i = links.indexOf((this.renderRoot as ShadowRoot).activeElement as HTMLAnchorElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.closeAndFocus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = links[(i + (e.key === 'ArrowDown' ? 1 : links.length - 1)) % links.length];
      next?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      (e.key === 'Home' ? links[0] : links[links.length - 1])?.focus();
    }
  };

  /** Focus left the list (Tab past its end): close it. */
  private onFocusOut = (e: FocusEvent) => {
    const to = e.relatedTarget as Node | null;
    if (to && this.renderRoot.contains(to)) return;
    if (to && this.contains(to)) return;
    this.open = false;
  };

  private onOutside = (e: Event) => {
    if (this.open && !e.composedPath().includes(this)) this.open = false;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-town-switcher': KpTownSwitcher;
  }
}
