import type { Settings } from '../api-types.ts';

/**
 * The optional online basemap: "" (off, the default: the viewer works offline),
 * "osm" for OpenStreetMap's raster tiles, or the URL of a MapLibre vector style.
 */
export function basemapSetting(value: string): Settings['basemap'] {
  if (!value) return null;
  if (value === 'osm') {
    return {
      type: 'raster',
      tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'],
      attribution: '© OpenStreetMap contributors',
      maxzoom: 19,
    };
  }
  return { type: 'style', url: value };
}

/** Origins the CSP must allow for the chosen basemap. */
export function basemapOrigins(value: string): string[] {
  const b = basemapSetting(value);
  if (!b) return [];
  const urls = b.type === 'raster' ? b.tiles : [b.url];
  return [...new Set(urls.map((u) => new URL(u.replace(/[{}]/g, '')).origin))];
}
