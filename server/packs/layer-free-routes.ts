/**
 * The routes under the pack-sync middleware that read no pack layer: proposals (their tiles,
 * lists, counts, exports, kinds) and supports come from the store and the pack's manifest,
 * which an import never changes. They skip the layer-version check, so the map's proposal
 * tiles and the viewer's lists cost no extra database round trip. Every other route under
 * /api/cities, /ogc and /api/admin/cities is checked (a route missing here is only slower).
 * Creating or editing a proposal is checked: it tests the outline against context layers.
 */
export const LAYER_FREE_ROUTES: readonly string[] = [
  'GET /api/cities/:city/proposal-setup',
  'GET /api/cities/:city/proposals',
  'GET /api/cities/:city/proposals/counts',
  'GET /api/cities/:city/proposals/export.csv',
  'GET /api/cities/:city/proposals/export.geojson',
  'GET /api/cities/:city/proposals/tiles/:z/:x/:file',
  'PUT /api/cities/:city/proposals/:id/support',
  'DELETE /api/cities/:city/proposals/:id/support',
];

const compiled = LAYER_FREE_ROUTES.map((route) => {
  const [method, pattern] = route.split(' ') as [string, string];
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+');
  return { method, path: new RegExp(`^${escaped}/?$`) };
});

/** Whether a request (method, URL path) is answered by a route that reads no pack layer. */
export function readsNoPackLayer(method: string, pathname: string): boolean {
  const m = method === 'HEAD' ? 'GET' : method;
  return compiled.some((r) => r.method === m && r.path.test(pathname));
}
