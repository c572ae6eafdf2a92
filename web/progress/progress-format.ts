/** How progress reads in the viewer: "2,1 z 8,26 km", shares, status words. Pure (locale from i18n). */
import type { FigureIndicator } from '../../server/progress/progress-types.ts';
import { num, pct, t } from '../i18n/index.ts';

/** Up to two decimals, without trailing zeros: "2,1", "8,26", "1000". */
const short = (v: number) => (Number.isInteger(v) ? num(v, 0) : num(v, 2).replace(/0+$/, '').replace(/[.,]$/, ''));

/** "2,1 z 8,26 km" (or "— z 8,26 km" with nothing reported); a range target reads "2–3 MW". */
export function reachedOfTarget(f: FigureIndicator): string {
  const target = f.targetMax !== undefined ? `${short(f.target)}–${short(f.targetMax)}` : short(f.target);
  const reached = f.reached === null ? '—' : short(f.reached);
  return t('progress.reachedOf', { reached, target, unit: f.unit });
}

/** A share as a percentage, capped for the bar (a target passed shows 100% full, its own figure above). */
export function shareText(share: number | null): string {
  return share === null ? t('progress.noShare') : pct(share);
}

export const barWidth = (share: number | null) => `${Math.round(Math.min(1, Math.max(0, share ?? 0)) * 100)}%`;
