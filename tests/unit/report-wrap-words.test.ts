/** The report PDF's line breaking: words move down, a word longer than the line is cut, nothing runs off. */
import { describe, expect, it } from 'vitest';
import { wrapWords } from '../../server/report/wrap-words.ts';

// A monospaced stand-in: every character 5 units wide at size 10.
const mono = { widthOfTextAtSize: (t: string, size: number) => t.length * size * 0.5 };

describe('wrapWords', () => {
  it('moves words to the next line at the width', () => {
    expect(wrapWords('ala ma kota i psa', mono, 10, 40)).toEqual(['ala ma', 'kota i', 'psa']);
  });

  it('cuts a word longer than the line (a note typed without spaces), every line within the width', () => {
    const lines = wrapWords(`krótko ${'x'.repeat(2000)} koniec`, mono, 10, 100);
    expect(lines.every((l) => mono.widthOfTextAtSize(l, 10) <= 100)).toBe(true);
    expect(lines.join('').replace(/ /g, '')).toBe(`krótko${'x'.repeat(2000)}koniec`);
    expect(lines[0]).toBe('krótko');
  });

  it('keeps an empty paragraph as one empty line', () => {
    expect(wrapWords('', mono, 10, 100)).toEqual(['']);
  });
});
