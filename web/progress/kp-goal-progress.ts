/**
 * A goal's progress in the strategy tree, read-only: the mean share its undertakings reached
 * (over those with a figure reported — how many is said), a bar, and its undertakings by
 * status. `compact` gives the one line shown beside the goal's name while its section is closed.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { GoalIndicator, ProgressStatus } from '../../server/progress/progress-types.ts';
import { t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import { barWidth, shareText } from './progress-format.ts';
import { statusStyles } from './kp-progress-summary.ts';

const ORDER: ProgressStatus[] = ['done', 'in_progress', 'in_preparation', 'planned', 'suspended', 'dropped'];

@customElement('kp-goal-progress')
export class KpGoalProgress extends LitElement {
  protected readonly localeController = new LocaleController(this);
  static styles = [
    statusStyles,
    css`
      :host { display: block; font-size: 0.8rem; }
      :host([compact]) { display: inline; font-size: 0.75rem; font-weight: 400; color: #57606a; }
      .bar { height: 6px; background: #eaeef2; border-radius: 3px; overflow: hidden; margin: 2px 0 4px; }
      .bar > span { display: block; height: 100%; background: #1a7f37; }
      .statuses { display: flex; flex-wrap: wrap; gap: 0.25rem; }
      .muted { color: #57606a; }
    `,
  ];

  @property({ attribute: false }) goal: GoalIndicator | null = null;
  @property({ type: Boolean, reflect: true }) compact = false;

  render() {
    const g = this.goal;
    if (!g) return nothing;
    const share = g.share === null ? t('progress.goalNoShare') : t('progress.goalShare', { share: shareText(g.share), n: g.sharesCounted, total: g.undertakings.length });
    if (this.compact) return html`<span data-goal-share=${g.share === null ? '' : g.share}>${g.share === null ? t('progress.goalNoShareShort') : shareText(g.share)}</span>`;
    return html`<div data-goal-progress=${g.code}>
      <div><strong>${t('progress.goalTitle')}:</strong> <span data-goal-share-text>${share}</span></div>
      <div class="bar" role="meter" aria-label=${t('progress.goalTitle')} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round((g.share ?? 0) * 100)}><span style="width:${barWidth(g.share)}"></span></div>
      <div class="statuses" data-goal-statuses>
        ${ORDER.filter((s) => g.statuses[s]).map((s) => html`<span class="chip ${s}" data-goal-status=${s}>${t(`progress.status.${s}`)}: ${g.statuses[s]}</span>`)}
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-goal-progress': KpGoalProgress;
  }
}
