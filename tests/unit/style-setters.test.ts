import { describe, expect, it } from 'vitest';
import type { Map as MlMap } from 'maplibre-gl';
import { setFilter, setLayout, setPaint } from '../../web/map/style-setters.ts';

/** A map that keeps one layer's filter, layout and paint, and counts the calls that would ask MapLibre for a frame. */
function fakeMap() {
  const state = { filter: undefined as unknown, layout: {} as Record<string, unknown>, paint: {} as Record<string, unknown> };
  let frames = 0;
  const map = {
    getFilter: () => state.filter,
    setFilter: (_: string, f: unknown) => void ((state.filter = f), frames++),
    getLayoutProperty: (_: string, n: string) => state.layout[n],
    setLayoutProperty: (_: string, n: string, v: unknown) => void ((state.layout[n] = v), frames++),
    getPaintProperty: (_: string, n: string) => state.paint[n],
    setPaintProperty: (_: string, n: string, v: unknown) => void ((state.paint[n] = v), frames++),
  };
  return { map: map as unknown as MlMap, state, frames: () => frames };
}

describe('style setters: no frame for a change that changes nothing', () => {
  it('set a filter, a layout and a paint value once, and leave them when asked again for the same', () => {
    const m = fakeMap();
    setFilter(m.map, 'l', ['==', ['get', 'id'], '__none__']);
    setFilter(m.map, 'l', ['==', ['get', 'id'], '__none__']);
    setPaint(m.map, 'l', 'line-color', '#d7191c');
    setPaint(m.map, 'l', 'line-color', '#d7191c');
    setLayout(m.map, 'l', 'icon-image', ['concat', 'kp-site-', 'x']);
    setLayout(m.map, 'l', 'icon-image', ['concat', 'kp-site-', 'x']);
    expect(m.frames()).toBe(3);
    setFilter(m.map, 'l', ['==', ['get', 'id'], 'a']);
    expect(m.state.filter).toEqual(['==', ['get', 'id'], 'a']);
    expect(m.frames()).toBe(4);
  });

  it('take an unset visibility for "visible", and an unset paint value for an absent one', () => {
    const m = fakeMap();
    setLayout(m.map, 'l', 'visibility', 'visible');
    setPaint(m.map, 'l', 'line-dasharray', undefined);
    expect(m.frames()).toBe(0);
    setLayout(m.map, 'l', 'visibility', 'none');
    expect(m.state.layout.visibility).toBe('none');
    expect(m.frames()).toBe(1);
  });
});
