/**
 * Style changes that do nothing when nothing changes. MapLibre's `setFilter`,
 * `setLayoutProperty` and `setPaintProperty` ask for a new frame even when the value is the one
 * already set; on software WebGL or a weak phone a frame is 50–200 ms, and the first map paid one
 * after `load` for a selection that was still empty (issue 13).
 */
import type { FilterSpecification, Map as MlMap } from 'maplibre-gl';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function setFilter(map: MlMap, layer: string, filter: FilterSpecification | null | undefined): void {
  if (!same(map.getFilter(layer), filter)) map.setFilter(layer, filter);
}

export function setLayout(map: MlMap, layer: string, name: string, value: unknown): void {
  const now = map.getLayoutProperty(layer, name as never) ?? (name === 'visibility' ? 'visible' : undefined);
  if (!same(now, value)) map.setLayoutProperty(layer, name as never, value as never);
}

export function setPaint(map: MlMap, layer: string, name: string, value: unknown): void {
  if (!same(map.getPaintProperty(layer, name as never), value)) map.setPaintProperty(layer, name as never, value as never);
}
