/**
 * Text folded for matching: lower case, no diacritics ("Kraśnik" → "krasnik", "Łódź" → "lodz"),
 * punctuation as spaces, single spaces.
 * @example foldText('ul. Mickiewicza') // 'ul mickiewicza'
 */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
