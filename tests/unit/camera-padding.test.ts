import { describe, expect, it } from 'vitest';
import { coverPadding, inFreePart } from '../../web/map/camera-padding.ts';

const map = { left: 0, top: 0, right: 1000, bottom: 800 };

describe('camera padding for what covers the map', () => {
  it('a panel on the right pads the right', () => {
    expect(coverPadding(map, [{ left: 620, top: 10, right: 990, bottom: 700 }], 20)).toEqual({ top: 20, right: 400, bottom: 20, left: 20 });
  });
  it('a sheet at the bottom pads the bottom', () => {
    const phone = { left: 0, top: 50, right: 390, bottom: 514 };
    expect(coverPadding(phone, [{ left: 0, top: 282, right: 390, bottom: 514 }])).toEqual({ top: 0, right: 0, bottom: 232, left: 0 });
  });
  it('ignores what is off the map, and never leaves less than 120 px free', () => {
    expect(coverPadding(map, [{ left: 1100, top: 0, right: 1300, bottom: 800 }])).toEqual({ top: 0, right: 0, bottom: 0, left: 0 });
    const p = coverPadding(map, [{ left: 0, top: 50, right: 1000, bottom: 800 }]);
    expect(800 - p.top - p.bottom).toBeGreaterThanOrEqual(120);
  });
  it('tells whether a point is in the free part', () => {
    const pad = { top: 0, right: 400, bottom: 0, left: 0 };
    expect(inFreePart({ x: 500, y: 400 }, map, pad)).toBe(true);
    expect(inFreePart({ x: 700, y: 400 }, map, pad)).toBe(false);
  });
});
