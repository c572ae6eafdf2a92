/**
 * Planner sign-in: a labelled login form (the server's error shown and announced), and
 * once signed in, who is signed in with a "Wyloguj" button.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Me } from '../../server/api-types.ts';
import { t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import { panelStyles } from '../components/shared-styles.ts';

/**
 * @fires sign-in - {{ login: string; password: string }}
 * @fires sign-out
 */
@customElement('kp-sign-in')
export class KpSignIn extends LitElement {
  /** Re-renders on a language switch. */
  protected readonly localeController = new LocaleController(this);
  static styles = [
    panelStyles,
    css`
      form {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.4rem 0.6rem;
        align-items: center;
        margin: 0.4rem 0;
      }
      form .actions {
        grid-column: 1 / -1;
      }
      input {
        padding: 0.3rem 0.4rem;
        border: 1px solid #8c959f;
        border-radius: 4px;
        min-width: 0;
      }
      .error {
        color: #8a1010;
        background: #fff5f5;
        border-left: 3px solid #d1242f;
        padding: 0.3rem 0.5rem;
      }
      .who {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        flex-wrap: wrap;
      }
    `,
  ];

  @property({ attribute: false }) user: Me | null = null;
  @property({ type: Boolean }) busy = false;
  @property({ attribute: false }) error: string | null = null;

  @state() private login = '';
  @state() private password = '';

  render() {
    const u = this.user;
    if (u?.kind === 'user') {
      return html`<div class="who">
        <span data-signed-in>${t('signin.signedIn', { name: u.name ?? '', role: t(u.role === 'admin' ? 'signin.role.admin' : 'signin.role.planner') })}</span>
        <button class="btn" data-action="logout" @click=${() => this.dispatchEvent(new CustomEvent('sign-out', { bubbles: true, composed: true }))}>${t('signin.logout')}</button>
      </div>`;
    }
    return html`
      <h3 id="si-h">${t('signin.heading')}</h3>
      <p class="small muted">${t('signin.help')}</p>
      <form @submit=${this.onSubmit} aria-labelledby="si-h">
        <label for="si-login">${t('signin.login')}</label>
        <input id="si-login" name="username" autocomplete="username" required .value=${this.login} @input=${(e: Event) => (this.login = (e.target as HTMLInputElement).value)} />
        <label for="si-password">${t('signin.password')}</label>
        <input id="si-password" type="password" name="password" autocomplete="current-password" required .value=${this.password} @input=${(e: Event) => (this.password = (e.target as HTMLInputElement).value)} />
        <div class="actions"><button class="btn primary" type="submit" ?disabled=${this.busy}>${this.busy ? t('signin.busy') : t('signin.submit')}</button></div>
      </form>
      <div aria-live="assertive">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
    `;
  }

  private onSubmit = (e: Event) => {
    e.preventDefault();
    if (!this.login || !this.password || this.busy) return;
    const detail = { login: this.login.trim(), password: this.password };
    this.password = '';
    this.dispatchEvent(new CustomEvent('sign-in', { detail, bubbles: true, composed: true }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-sign-in': KpSignIn;
  }
}
