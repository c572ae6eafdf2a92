/**
 * Nicknames that would pass for the town's office are refused: planners' actions are signed
 * with the office's name ("Urząd" or the pack's own), so a resident called "anna (urząd)" or
 * "Urzad Miasta" could otherwise speak for it. Compared folded: case, Polish letters, look-alike
 * digits and everything but letters removed.
 */
const RESERVED = ['urzad', 'urzedni', 'administrator', 'moderator', 'planist', 'burmistrz', 'magistrat', 'ratusz'];

export function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/ł/g, 'l')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/0/g, 'o')
    .replace(/[1!|]/g, 'i')
    .replace(/3/g, 'e')
    .replace(/4|@/g, 'a')
    .replace(/5|\$/g, 's')
    .replace(/[^a-z]/g, '');
}

/** The reserved word the nickname imitates, or null. `offices` are the packs' office names. */
export function imitatesOffice(nickname: string, offices: string[]): string | null {
  const n = fold(nickname);
  for (const o of offices) {
    const f = fold(o);
    if (f.length >= 4 && n.includes(f)) return o;
  }
  for (const r of RESERVED) if (n.includes(r)) return r;
  return null;
}
