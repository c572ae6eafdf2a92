/**
 * GET /api/cities/:city/basemaps: the basemaps the viewer's switcher offers in a town — the
 * server's (BASEMAP, BASEMAPS) and the pack's — as MapLibre sources; the own style is implicit.
 */
import { Hono } from 'hono';
import { type BasemapOption, basemapOption, parseBasemapsEnv } from '../basemaps/basemaps.ts';
import { type AppDeps, packOr404 } from '../http/deps.ts';
import type { CityPack } from '../packs/index-pack.ts';
import { basemapSetting } from '../queries/basemap-setting.ts';

export interface BasemapListBody {
  basemaps: BasemapOption[];
  /** The basemap on at start: "own" (the offline style) unless the server sets BASEMAP. */
  initial: string;
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
};

/** The server's basemaps: BASEMAP (the one on at start, if any) first, then BASEMAPS. */
export function serverBasemaps(config: AppDeps['config']): BasemapOption[] {
  const out: BasemapOption[] = [];
  const start = basemapSetting(config.BASEMAP);
  // Named by where it comes from (a host name is data, not a UI word in one language).
  if (start?.type === 'raster') out.push({ id: 'default', title: hostOf(start.tiles[0]!), type: 'raster', kind: 'xyz', tiles: start.tiles, tileSize: 256, attribution: start.attribution, maxzoom: start.maxzoom });
  if (start?.type === 'style') out.push({ id: 'default', title: hostOf(start.url), type: 'style', url: start.url, attribution: '' });
  out.push(...parseBasemapsEnv(config.BASEMAPS ?? '').map(basemapOption));
  return out;
}

export function townBasemaps(config: AppDeps['config'], pack: CityPack): BasemapListBody {
  const list = [...serverBasemaps(config)];
  for (const b of pack.raw.manifest.basemaps ?? []) if (!list.some((x) => x.id === b.id)) list.push(basemapOption(b));
  return { basemaps: list, initial: config.BASEMAP ? 'default' : 'own' };
}

export function basemapsRoutes(deps: AppDeps) {
  const app = new Hono();
  app.get('/cities/:city/basemaps', (c) => c.json<BasemapListBody>(townBasemaps(deps.config, packOr404(deps, c.req.param('city')))));
  return app;
}
