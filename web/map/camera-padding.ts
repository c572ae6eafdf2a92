/**
 * Camera padding for whatever covers the map (a feature panel on the right, a phone sheet at
 * the bottom): pure geometry, no framework. Each covering box is kept out of the part of the
 * map the camera aims at, on the side that leaves the largest free area.
 */
export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The smallest free map dimension padding may leave (px), so a huge panel never squeezes the view to nothing. */
const MIN_FREE = 120;

/**
 * Padding (px from each edge of `map`) that keeps `covers` out of the view, plus `base` on every side.
 * @example coverPadding({ left: 0, top: 0, right: 1000, bottom: 800 }, [{ left: 620, top: 10, right: 990, bottom: 700 }], 20)
 * // { top: 20, right: 400, bottom: 20, left: 20 }
 */
export function coverPadding(map: Rect, covers: readonly Rect[], base = 0): Padding {
  const pad: Padding = { top: 0, right: 0, bottom: 0, left: 0 };
  const width = map.right - map.left;
  const height = map.bottom - map.top;
  for (const c of covers) {
    const l = Math.max(c.left, map.left);
    const r = Math.min(c.right, map.right);
    const t = Math.max(c.top, map.top);
    const b = Math.min(c.bottom, map.bottom);
    if (r <= l || b <= t) continue; // not over the map
    // The free area left on each side of this box; pad the box's opposite side.
    const options: [keyof Padding, number, number][] = [
      ['right', map.right - l, (l - map.left) * height],
      ['left', r - map.left, (map.right - r) * height],
      ['bottom', map.bottom - t, (t - map.top) * width],
      ['top', b - map.top, (map.bottom - b) * width],
    ];
    const [side, amount] = options.reduce((best, o) => (o[2] > best[2] ? o : best));
    pad[side] = Math.max(pad[side], amount);
  }
  const out: Padding = { top: pad.top + base, right: pad.right + base, bottom: pad.bottom + base, left: pad.left + base };
  // Never leave less than MIN_FREE px: shrink the padding on that axis proportionally.
  for (const [a, b, size] of [['left', 'right', width], ['top', 'bottom', height]] as const) {
    const room = size - MIN_FREE;
    const sum = out[a] + out[b];
    if (sum > room && sum > 0) {
      const k = Math.max(0, room) / sum;
      out[a] = Math.floor(out[a] * k);
      out[b] = Math.floor(out[b] * k);
    }
  }
  return out;
}

/** Whether a screen point lies in the map's free part (inside `map` minus `padding`). */
export function inFreePart(point: { x: number; y: number }, map: Rect, padding: Padding): boolean {
  return point.x >= map.left + padding.left && point.x <= map.right - padding.right && point.y >= map.top + padding.top && point.y <= map.bottom - padding.bottom;
}
