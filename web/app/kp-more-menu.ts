/**
 * The header's "more" menu: copy link, the admin's layer import, and on a phone also the
 * presentation and PNG export (their header buttons do not fit there). A disclosure button
 * with a list of buttons: arrows move, Escape closes and returns focus, a click outside closes.
 *
 * @fires menu-action - {{ action: 'story' | 'council' | 'export-png' | 'copy-link' | 'import'; opener: HTMLElement; year?: number }}
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';

export type MenuAction = 'story' | 'council' | 'export-png' | 'copy-link' | 'import';

@customElement('kp-more-menu')
export class KpMoreMenu extends LitElement {
  static styles = css`
    :host {
      position: relative;
      flex: none;
    }
    :focus-visible {
      outline: 3px solid #1f5fbf;
      outline-offset: 2px;
    }
    button {
      font: inherit;
      font-size: 0.82rem;
      background: transparent;
      color: #fff;
      border: 1px solid #ffffffaa;
      border-radius: 4px;
      padding: 0.25rem 0.6rem;
      cursor: pointer;
      white-space: nowrap;
    }
    button:hover {
      background: #ffffff22;
    }
    ul {
      position: absolute;
      right: 0;
      top: calc(100% + 0.35rem);
      z-index: 20;
      min-width: 13rem;
      margin: 0;
      padding: 0.3rem 0;
      list-style: none;
      background: #fff;
      border: 1px solid #8c959f;
      border-radius: 6px;
      box-shadow: 0 6px 20px #0004;
    }
    ul button {
      display: block;
      width: 100%;
      text-align: left;
      border: none;
      border-radius: 0;
      background: transparent;
      color: #1f2328;
      font-size: 0.9rem;
      padding: 0.45rem 0.9rem;
    }
    ul button:hover,
    ul button:focus-visible {
      background: #eef3fb;
    }
    ul button:focus-visible {
      outline-offset: -3px;
    }
    li.narrow {
      display: none;
    }
    @media (max-width: 760px) {
      li.narrow {
        display: list-item;
      }
    }
  `;

  protected readonly localeController = new LocaleController(this);
  /** The town has a story (the presentation item). */
  @property({ type: Boolean }) story = false;
  /** The person is an admin (the import item). */
  @property({ type: Boolean }) admin = false;
  /** Years whose report to the council can be presented (newest first; empty: none). */
  @property({ attribute: false }) councilYears: number[] = [];
  @state() private open = false;

  disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutside, true);
  }

  /** Closes the menu (e.g. when another town is shown). */
  close(): void {
    this.setOpen(false);
  }

  render() {
    return html`<button data-action="more" aria-expanded=${String(this.open)} aria-controls="more-menu" aria-label=${t('menu.label')} @click=${() => this.setOpen(!this.open)} @keydown=${this.onKey}>
        ${t('menu.more')} <span aria-hidden="true">▾</span>
      </button>
      ${this.open
        ? html`<ul id="more-menu" aria-label=${t('menu.label')} @keydown=${this.onKey}>
            ${this.story ? html`<li class="narrow"><button data-menu="story" @click=${this.pick}>${t('story.open')}</button></li>` : nothing}
            ${this.councilYears.map((y) => html`<li><button data-menu="council" data-year=${y} @click=${this.pick}>${t('council.menu', { year: y })}</button></li>`)}
            <li class="narrow"><button data-menu="export-png" @click=${this.pick}>${t('export.png')}</button></li>
            <li><button data-menu="copy-link" @click=${this.pick}>${t('app.copyLink')}</button></li>
            ${this.admin ? html`<li><button data-menu="import" @click=${this.pick}>${t('import.open')}</button></li>` : nothing}
          </ul>`
        : nothing}`;
  }

  private pick = (e: Event) => {
    const data = (e.currentTarget as HTMLElement).dataset;
    const action = data.menu as MenuAction;
    this.setOpen(false);
    const opener = this.renderRoot.querySelector<HTMLElement>('button[data-action="more"]')!;
    this.dispatchEvent(new CustomEvent('menu-action', { detail: { action, opener, ...(data.year ? { year: Number(data.year) } : {}) }, bubbles: true, composed: true }));
  };

  private setOpen(open: boolean): void {
    if (this.open === open) return;
    this.open = open;
    if (open) {
      document.addEventListener('pointerdown', this.onOutside, true);
      void this.updateComplete.then(() => this.items()[0]?.focus());
    } else {
      document.removeEventListener('pointerdown', this.onOutside, true);
    }
  }

  private items(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('#more-menu button')].filter((b) => b.offsetParent !== null);
  }

  private onOutside = (e: Event) => {
    if (!e.composedPath().includes(this)) this.setOpen(false);
  };

  private onKey = (e: KeyboardEvent) => {
    if (!this.open) return;
    const items = this.items();
    const i = items.indexOf((this.renderRoot as ShadowRoot).activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.setOpen(false);
      this.renderRoot.querySelector<HTMLButtonElement>('button[data-action="more"]')?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-more-menu': KpMoreMenu;
  }
}
