/**
 * What the shell shows only after the first map (a tab's panels, the feature panel, the proposal
 * overlay, the phone sheet's grip, the choropleth): fetched on first use, so our JS at start
 * stays small (issue 13). kp-app calls `needNow(part)` where it renders the part.
 */
import type { CityDetail, ProposalSetup } from '../../server/api-types.ts';
import { lazyElement, lazyModule } from '../components/lazy-element.ts';

export { needNow } from '../components/lazy-element.ts';

export const lazy = {
  featurePanel: lazyElement('kp-feature-panel', () => import('../layers/kp-feature-panel.ts')),
  strategyPanel: lazyElement('kp-strategy-panel', () => import('../strategy/kp-strategy-panel.ts')),
  progressPanel: lazyElement('kp-progress-panel', () => import('../progress/kp-progress-panel.ts')),
  districtPanel: lazyElement('kp-district-panel', () => import('../districts/kp-district-panel.ts')),
  proposalsTab: lazyElement('kp-proposals-tab', () => import('../proposals/kp-proposals-tab.ts')),
  choroplethLegend: lazyElement('kp-choropleth-legend', () => import('../districts/kp-choropleth-legend.ts')),
  sheetHandle: lazyElement('kp-sheet-handle', () => import('./kp-sheet-handle.ts')),
  proposalOverlay: lazyElement('kp-proposal-overlay', () => import('../proposals/kp-proposal-overlay.ts')),
  /** The choropleth's metrics and classes (state/choropleth.ts). */
  choropleth: lazyModule(() => import('../state/choropleth.ts')),
};

/** The choropleth's metrics for the town: none until their module has come (then `onReady`, to render again). */
export function choroplethMetrics(d: CityDetail, kinds: ProposalSetup['kinds'], onReady: () => void) {
  return lazy.choropleth.get(onReady)?.choroplethMetrics(d, kinds) ?? [];
}
