import { Hono } from 'hono';
import type { CityList, Settings } from '../api-types.ts';
import { type AppDeps, packOr404 } from '../http/deps.ts';
import { GEOJSON, JSON_TYPE, sendEncoded } from '../http/send-encoded.ts';
import { refuse } from '../http/api-error.ts';
import { basemapSetting } from '../queries/basemap-setting.ts';
import { citiesInOrder, defaultCity } from '../packs/default-city.ts';

export function citiesRoutes(deps: AppDeps) {
  const app = new Hono();
  // Resolved once, so a DEFAULT_CITY naming no pack stops the server at start with that message.
  const ids = [...deps.packs.keys()];
  const first = defaultCity(ids, deps.config.DEFAULT_CITY);
  const ordered = citiesInOrder(ids, first).map((id) => deps.packs.get(id)!);

  app.get('/settings', (c) => c.json<Settings>({ basemap: basemapSetting(deps.config.BASEMAP) }));

  app.get('/cities', (c) =>
    c.json<CityList>({
      defaultCity: first,
      cities: ordered.map((p) => {
        const m = p.raw.manifest;
        return { id: m.id, name: m.name, strategy: m.strategy, centre: m.centre, hasStory: Boolean(p.storyBody) };
      }),
    }),
  );

  app.get('/cities/:city', (c) => sendEncoded(c, packOr404(deps, c.req.param('city')).detail, JSON_TYPE));

  app.get('/cities/:city/boundary', (c) => sendEncoded(c, packOr404(deps, c.req.param('city')).boundaryBody, GEOJSON));

  // The first map's data in one request: what /boundary, /districts/geometry and every /layers/:layer send (issue 13).
  app.get('/cities/:city/map-data', (c) => sendEncoded(c, packOr404(deps, c.req.param('city')).mapDataBody, JSON_TYPE));

  app.get('/cities/:city/layers/:layer', (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const layerId = c.req.param('layer');
    const layer = pack.layers.get(layerId);
    if (!layer) {
      refuse(404, 'unknown-layer', { rule: 'pack', city: pack.id, layer: layerId.slice(0, 100), known: [...pack.layers.keys()] });
    }
    const res = sendEncoded(c, layer.body, GEOJSON);
    // ?download=1: the same bytes, saved as a file named after the town and layer.
    if (c.req.query('download') !== undefined) res.headers.set('content-disposition', `attachment; filename="${pack.id}-${layer.entry.id}.geojson"`);
    const license = layer.entry.license;
    if (license) res.headers.set('link', `<${encodeURI(decodeURI(license.url))}>; rel="license"`);
    return res;
  });

  app.get('/cities/:city/story', (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    if (!pack.storyBody) {
      refuse(404, 'no-story', { city: pack.id });
    }
    return sendEncoded(c, pack.storyBody, JSON_TYPE);
  });

  return app;
}
