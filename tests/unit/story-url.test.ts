/** Chapter links: `#krasnik/story/3`, the short `#story/3`, and the viewer's hash left as it was. */
import { describe, expect, it } from 'vitest';
import { decodeHash, emptyHashState, encodeHash } from '../../web/state/url-codec.ts';

describe('story chapters in the URL hash', () => {
  it('encodes a chapter as the chapter alone (the chapter decides view, layers and highlight)', () => {
    const s = { ...emptyHashState(), city: 'krasnik', view: { zoom: 12, lat: 50.9, lon: 22.2 }, layers: ['a'], story: 3 };
    expect(encodeHash(s)).toBe('#krasnik/story/3');
    expect(encodeHash({ ...emptyHashState(), story: 3 })).toBe('#story/3');
  });

  it('decodes #story/N and #city/story/N, and nothing else turns into a story', () => {
    expect(decodeHash('#story/3')).toEqual({ ...emptyHashState(), story: 3 });
    expect(decodeHash('#krasnik/story/12')).toEqual({ ...emptyHashState(), city: 'krasnik', story: 12 });
    expect(decodeHash('#krasnik/story').story).toBe(1);
    expect(decodeHash('#krasnik/story/-2').story).toBe(1);
    expect(decodeHash('#krasnik/story/2.5').story).toBe(1);
    expect(decodeHash('#krasnik/12/50.9/22.2?d=piaski').story).toBeUndefined();
    expect(decodeHash('#Krasnik!/story/2').city).toBeNull();
  });

  it('round-trips a chapter link', () => {
    for (const h of ['#krasnik/story/1', '#krasnik/story/17', '#story/4']) expect(encodeHash(decodeHash(h))).toBe(h);
  });
});
