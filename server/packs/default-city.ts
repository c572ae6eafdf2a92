/**
 * Which town the viewer opens when a link names none. The configured one when set (a typo is a
 * start-up error, not a silent fallback); otherwise Kraśnik, the project's first pack, when it is
 * loaded; otherwise the first pack in folder order.
 */
const HOME_TOWN = 'krasnik';

export function defaultCity(packIds: readonly string[], configured = ''): string {
  if (configured !== '') {
    if (!packIds.includes(configured)) {
      throw new Error(`DEFAULT_CITY="${configured}" is not a loaded pack; loaded packs: ${packIds.join(', ')}`);
    }
    return configured;
  }
  if (packIds.includes(HOME_TOWN)) return HOME_TOWN;
  if (packIds.length === 0) throw new Error('no city pack is loaded');
  return packIds[0]!;
}

/** The ids with the default first, the rest in their order (what GET /api/cities lists). */
export function citiesInOrder(packIds: readonly string[], first: string): string[] {
  return [first, ...packIds.filter((id) => id !== first)];
}
