/**
 * Which town the viewer opens when a link names none: DEFAULT_CITY when set (a typo is a
 * start-up error, not a silent fallback); otherwise the first pack by id in alphabetical order,
 * so the choice is stable whatever order the folders are read in, and no town is special in code.
 */
export function defaultCity(packIds: readonly string[], configured = ''): string {
  if (configured !== '') {
    if (!packIds.includes(configured)) {
      throw new Error(`DEFAULT_CITY="${configured}" is not a loaded pack; loaded packs: ${packIds.join(', ')}`);
    }
    return configured;
  }
  if (packIds.length === 0) throw new Error('no city pack is loaded');
  return [...packIds].sort()[0]!;
}

/** The ids with the default first, the rest alphabetically (what GET /api/cities lists). */
export function citiesInOrder(packIds: readonly string[], first: string): string[] {
  return [first, ...[...packIds].sort().filter((id) => id !== first)];
}
