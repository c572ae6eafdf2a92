import { describe, expect, it } from 'vitest';
import { classify } from '../../web/state/choropleth.ts';

const palette = ['#ffffcc', '#c7e9b4', '#7fcdbb', '#2c7fb8', '#253494'];

describe('choropleth classes', () => {
  it('makes equal-interval classes from 0 to the maximum', () => {
    const c = classify({ a: 0, b: 1, c: 2, d: 4, e: 5 }, palette);
    expect(c.breaks).toEqual([1, 2, 3, 4, 5]);
    expect(c.byDistrict).toEqual({ a: '#ffffcc', b: '#ffffcc', c: '#c7e9b4', d: '#2c7fb8', e: '#253494' });
  });

  it('uses fewer, contrasting classes when there are few distinct values', () => {
    const c = classify({ a: 0, b: 2 }, palette);
    expect(c.colours).toEqual(['#ffffcc', '#253494']);
    expect(c.byDistrict).toEqual({ a: '#ffffcc', b: '#253494' });
  });

  it('gives one class when every value is zero (e.g. no trees proposed yet)', () => {
    const c = classify({ a: 0, b: 0 }, palette);
    expect(c.breaks).toEqual([0]);
    expect(c.byDistrict).toEqual({ a: '#ffffcc', b: '#ffffcc' });
  });

  it('leaves out districts without a value', () => {
    expect(classify({ a: null, b: 3 }, palette).byDistrict).toEqual({ b: '#ffffcc' });
  });
});
