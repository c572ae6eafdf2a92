import { describe, expect, it } from 'vitest';
import { countsOf, maxCountFor } from '../../server/proposals/kind-rules.ts';
import { rasterizeShape, shapePath } from '../../web/map/proposal-symbols.ts';
import { countsMix, kindsForUndertaking, levelMessages, liveCountsByKind, statusMessage, symbolsOf } from '../../web/state/proposal-kinds.ts';

const rules = { minSpacingM: 3, m2PerUnit: 10, maxCount: 20, maxAreaM2: 50_000, forbiddenContext: ['water' as const] };

describe('what a proposal kind counts', () => {
  it('counts trees (a kind with a species) in units and every other kind in sites', () => {
    expect(countsOf({ needsSpecies: true })).toBe('units');
    expect(countsOf({ needsSpecies: false })).toBe('sites');
  });

  it('lets an area hold one unit per m2PerUnit up to maxCount, and one site whatever its size', () => {
    expect(maxCountFor({ needsSpecies: true, rules }, 95)).toBe(9);
    expect(maxCountFor({ needsSpecies: true, rules }, 5000)).toBe(20);
    expect(maxCountFor({ needsSpecies: true, rules }, 5)).toBe(0);
    expect(maxCountFor({ needsSpecies: false, rules }, 5000)).toBe(1);
  });
});

describe('proposal kinds in the viewer', () => {
  const kinds = [
    { id: 'tree', counts: 'units' as const, undertaking: 'green' },
    { id: 'park', counts: 'sites' as const, undertaking: 'green' },
    { id: 'cowork', counts: 'sites' as const, undertaking: 'jobs' },
  ];

  it('draws trees as circles and gives each site kind its own shape', () => {
    expect(symbolsOf(kinds)).toEqual({ tree: 'circle', park: 'diamond', cowork: 'square' });
    const many = Array.from({ length: 7 }, (_, i) => ({ id: `k${i}`, counts: 'sites' as const }));
    expect(Object.values(symbolsOf(many))).toEqual(['diamond', 'square', 'triangle', 'hexagon', 'star', 'diamond', 'square']);
  });

  it('counts live proposals per kind (not rejected or withdrawn), every kind listed', () => {
    const f = (kind: string, status: 'proposed' | 'accepted' | 'planted' | 'rejected' | 'withdrawn') => ({ properties: { kind, status } });
    expect(liveCountsByKind(kinds, [f('park', 'proposed'), f('park', 'planted'), f('park', 'rejected'), f('tree', 'withdrawn'), f('gone', 'proposed')])).toEqual({ tree: 0, park: 2, cowork: 0 });
  });

  it('finds the kinds proposing sites for an undertaking', () => {
    expect(kindsForUndertaking(kinds, 'green').map((k) => k.id)).toEqual(['tree', 'park']);
    expect(kindsForUndertaking(kinds, 'none')).toEqual([]);
  });

  it('names "planted" after what the kinds count', () => {
    expect(countsMix(kinds)).toBe('mixed');
    expect(countsMix(kinds.slice(1))).toBe('sites');
    expect(statusMessage('planted', 'units')).toBe('proposals.status.planted');
    expect(statusMessage('planted', 'sites')).toBe('proposals.status.done');
    expect(statusMessage('planted', 'mixed')).toBe('proposals.status.plantedOrDone');
    expect(statusMessage('accepted', 'sites')).toBe('proposals.status.accepted');
  });

  it('names the levels of a programme by goals or by areas', () => {
    expect(levelMessages('goals')).toEqual({ top: 'strategy.heading', sub: 'strategy.operational', undertakings: 'strategy.undertakings' });
    expect(levelMessages(undefined).top).toBe('strategy.heading');
    expect(levelMessages('areas')).toEqual({ top: 'strategy.areas', sub: 'strategy.directions', undertakings: 'strategy.actions' });
  });
});

describe('site markers', () => {
  it('rasterises a shape: opaque fill in the middle, transparent corners, an SVG path for the legend', () => {
    const img = rasterizeShape('diamond', { size: 24, fill: '#e69f00', stroke: '#ffffff', strokePx: 2 });
    expect(img.data).toHaveLength(24 * 24 * 4);
    const px = (x: number, y: number) => [...img.data.slice((y * 24 + x) * 4, (y * 24 + x) * 4 + 4)];
    expect(px(12, 12)).toEqual([0xe6, 0x9f, 0x00, 255]);
    expect(px(0, 0)[3]).toBe(0);
    expect(shapePath('square')).toMatch(/^M[\d. L]+Z$/);
  });
});
