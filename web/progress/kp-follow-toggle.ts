/**
 * "Obserwuj" on an undertaking: a toggle button (aria-pressed). Someone without a session gives
 * a nickname first — the same nickname a resident gives for a proposal, no other account.
 *
 * @fires follow-toggle - {{ undertaking: string; on: boolean; nickname?: string }}
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import type { FollowsState } from '../state/follows.ts';

@customElement('kp-follow-toggle')
export class KpFollowToggle extends LitElement {
  protected readonly localeController = new LocaleController(this);
  static styles = css`
    :host { display: block; margin: 0.3rem 0; font-size: 0.82rem; }
    button { font: inherit; border: 1px solid #0b5cad; color: #0b5cad; background: #fff; border-radius: 999px; padding: 0.15rem 0.7rem; cursor: pointer; }
    button[aria-pressed='true'] { background: #0b5cad; color: #fff; }
    button:disabled { opacity: 0.6; cursor: default; }
    :focus-visible { outline: 3px solid #1f5fbf; outline-offset: 2px; }
    form { display: flex; gap: 0.3rem; flex-wrap: wrap; align-items: center; margin-top: 0.3rem; }
    input { font: inherit; padding: 0.15rem 0.35rem; border: 1px solid #8c959f; border-radius: 4px; }
    .new { color: #82071e; font-weight: 600; margin-left: 0.4rem; }
    .err { color: #82071e; }
  `;

  @property() undertaking = '';
  @property() name = '';
  @property({ attribute: false }) follows: FollowsState | null = null;
  @state() private asking = false;
  /** This toggle sent a request (its error, if any, is shown here). */
  @state() private tried = false;

  protected willUpdate(): void {
    if (this.asking && this.follows?.following.includes(this.undertaking)) this.asking = false;
  }

  render() {
    const f = this.follows;
    if (!f) return nothing;
    const on = f.following.includes(this.undertaking);
    const fresh = on ? f.newSince[this.undertaking] ?? 0 : 0;
    return html`<div data-follow=${this.undertaking}>
      <button type="button" aria-pressed=${String(on)} ?disabled=${f.busy === this.undertaking} data-follow-toggle @click=${() => this.pressed(on)}
        aria-label=${on ? t('follow.stopLabel', { name: this.name }) : t('follow.startLabel', { name: this.name })}>
        ${on ? t('follow.following') : t('follow.follow')}
      </button>
      ${fresh ? html`<span class="new" data-follow-new=${fresh}>${t('follow.newCount', { n: fresh })}</span>` : nothing}
      ${this.asking && f.needsNickname
        ? html`<form @submit=${this.submit}>
            <label>${t('follow.nickname')} <input name="nickname" required minlength="2" maxlength="40" autocomplete="nickname" data-follow-nickname /></label>
            <button type="submit" data-follow-submit>${t('follow.follow')}</button>
            <span class="small">${t('follow.nicknameHint')}</span>
          </form>`
        : nothing}
      ${f.error && f.busy === null && this.tried ? html`<div class="err" role="alert">${f.error}</div>` : nothing}
    </div>`;
  }

  private pressed(on: boolean) {
    if (!on && this.follows?.needsNickname) {
      this.asking = !this.asking;
      if (this.asking) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('input')?.focus());
      return;
    }
    this.asking = false;
    this.emit(!on);
  }

  private submit(e: Event) {
    e.preventDefault();
    const nickname = String(new FormData(e.target as HTMLFormElement).get('nickname') ?? '');
    this.emit(true, nickname);
  }

  private emit(on: boolean, nickname?: string) {
    this.tried = true;
    this.dispatchEvent(new CustomEvent('follow-toggle', { detail: { undertaking: this.undertaking, on, ...(nickname !== undefined ? { nickname } : {}) }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-follow-toggle': KpFollowToggle;
  }
}
