/**
 * How a figure reads in the viewer, in both languages: a figure counted live from a pack's
 * target (trees) takes its unit from the target's translation, so the English UI does not say
 * "0 of 4,000 drzew"; a figure the strategy states alone keeps the strategy's unit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FigureIndicator } from '../../server/progress/progress-types.ts';
import { setLocale } from '../../web/i18n/index.ts';
import { learnPackText } from '../../web/i18n/pack-text.ts';
import { perDistrictNotes, reachedOfTarget } from '../../web/progress/progress-format.ts';

afterEach(() => setLocale('pl'));

const trees: FigureIndicator = {
  id: 'drzewa-w-dzielnicy', label: 'Liczba drzew w każdej dzielnicy', unit: 'drzew', target: 1000, per: 'district',
  computedTarget: { value: 4000, basis: '4 × 1000', districts: 4 }, reached: 312, reachedAsOf: '2026-06-01', share: 0.078, from: 'proposals', targetId: 'trees',
};
const km: FigureIndicator = { id: 'dlugosc', label: 'Długość tras', unit: 'km', target: 8.26, reached: 2.1, reachedAsOf: '2026-06-01', share: 0.25, from: 'progress' };

describe('a figure against its target', () => {
  it('words a live figure’s unit by its target in English and keeps the strategy’s unit in Polish', async () => {
    learnPackText('target', [{ id: 'trees', i18n: { en: { label: 'Trees', unit: 'trees' } } }]);
    expect(reachedOfTarget(trees)).toMatch(/ drzew$/);
    expect(perDistrictNotes(trees)!.declared).toMatch(/1000 drzew/);
    await setLocale('en');
    expect(reachedOfTarget(trees)).toMatch(/312 of 4,000 trees$/);
    expect(perDistrictNotes(trees)!.declared).toContain('1,000 trees in each district');
    expect(reachedOfTarget(trees) + perDistrictNotes(trees)!.declared).not.toMatch(/drzew/);
  });

  it('keeps the unit of a figure that counts no target', async () => {
    await setLocale('en');
    expect(reachedOfTarget(km)).toBe('2.1 of 8.26 km');
  });
});
