/**
 * Lines of a paragraph that fit `width` at `size` in a PDF font: words moved to the next line,
 * and a word longer than the line (a URL, a note typed without spaces) cut where it must be,
 * so no text runs off the page. Pure: the font only measures.
 */
export interface Measures {
  widthOfTextAtSize(text: string, size: number): number;
}

export function wrapWords(paragraph: string, font: Measures, size: number, width: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (fits(next)) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (!fits(rest) && rest.length > 1) {
      // The longest head that fits (at least one character, so the loop always ends).
      let k = rest.length - 1;
      while (k > 1 && !fits(rest.slice(0, k))) k--;
      lines.push(rest.slice(0, k));
      rest = rest.slice(k);
    }
    line = rest;
  }
  lines.push(line);
  return lines;
}
