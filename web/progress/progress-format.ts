/** How progress reads in the viewer: "2,1 z 8,26 km", shares, status words. Pure (locale from i18n). */
import type { FigureIndicator } from '../../server/progress/progress-types.ts';
import { num, pct, t } from '../i18n/index.ts';
import { inLocale } from '../i18n/pack-text.ts';

/** Up to two decimals, without trailing zeros: "2,1", "8,26", "1000". */
const short = (v: number) => (Number.isInteger(v) ? num(v, 0) : num(v, 2).replace(/0+$/, '').replace(/[.,]$/, ''));

/** The figure's unit in the viewer's language: a live figure's from its target's translation, else the strategy's own. */
const unitOf = (f: FigureIndicator) => (f.targetId ? inLocale('target', { id: f.targetId, unit: f.unit }).unit : f.unit);

/**
 * "2,1 z 8,26 km" (or "— z 8,26 km" with nothing reported); a range target reads "2–3 MW". A
 * per-district target reads "w całym mieście 312 z 4000 drzew", against the town's computed
 * total, which perDistrictNotes() marks as computed beside the strategy's own per-district figure.
 */
export function reachedOfTarget(f: FigureIndicator): string {
  const declared = f.targetMax !== undefined ? `${short(f.target)}–${short(f.targetMax)}` : short(f.target);
  const reached = f.reached === null ? '—' : short(f.reached);
  if (f.computedTarget) return t('progress.townReachedOf', { reached, target: short(f.computedTarget.value), unit: unitOf(f) });
  return t('progress.reachedOf', { reached, target: declared, unit: unitOf(f) });
}

/** A share as a percentage, capped for the bar (a target passed shows 100% full, its own figure above). */
export function shareText(share: number | null): string {
  return share === null ? t('progress.noShare') : pct(share);
}

export const barWidth = (share: number | null) => `${Math.round(Math.min(1, Math.max(0, share ?? 0)) * 100)}%`;

/** For a per-district target: the strategy's own figure, the computed total marked as such, and each district against the declared figure. */
export function perDistrictNotes(f: FigureIndicator): { declared: string; computed: string | null; districts: { id: string; text: string; share: number }[] } | null {
  if (f.per !== 'district') return null;
  return {
    declared: t('progress.perDistrictTarget', { target: short(f.target), unit: unitOf(f) }),
    computed: f.computedTarget ? t('progress.computedTotal', { total: short(f.computedTarget.value), basis: f.computedTarget.basis.replace(/\d+/g, (d) => short(Number(d))) }) : null,
    districts: (f.districts ?? []).map((d) => ({ id: d.id, text: t('progress.districtReached', { name: d.name, reached: short(d.reached), target: short(d.target) }), share: d.share })),
  };
}
