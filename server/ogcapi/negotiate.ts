/** Which representation to send: `f` wins, else the Accept header's best match; null when nothing offered is acceptable (406). */
export type Format = 'json' | 'geojson' | 'html' | 'oas' | 'schema';

export const MEDIA: Record<Format, string> = {
  json: 'application/json',
  geojson: 'application/geo+json',
  html: 'text/html; charset=utf-8',
  oas: 'application/vnd.oai.openapi+json;version=3.0',
  schema: 'application/schema+json',
};
const F_PARAM: Record<string, Format> = { json: 'json', 'application/json': 'json', geojson: 'geojson', 'application/geo+json': 'geojson', html: 'html', 'text/html': 'html' };

/** `offered`: the formats of this resource, default first. */
export function negotiate(offered: Format[], f: string | undefined, accept: string | undefined): Format | null {
  if (f !== undefined) {
    const want = F_PARAM[f];
    if (want && offered.includes(want)) return want;
    // f=json on a GeoJSON resource is the same document typed JSON; f=geojson on a JSON one is JSON.
    if (want === 'geojson' && offered.includes('json')) return offered.includes('oas') ? 'oas' : 'json';
    if (want === 'json' && offered.includes('oas')) return 'oas';
    if (want === 'json' && offered.includes('schema')) return 'schema';
    return null;
  }
  if (!accept || !accept.trim()) return offered[0]!;
  const ranges = accept.split(',').map((part, i) => {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((x) => /^\s*q=([\d.]+)\s*$/.exec(x)?.[1]).find(Boolean);
    return { type: type!.trim(), q: q === undefined ? 1 : Number(q), i };
  });
  let best: { f: Format; q: number; spec: number; i: number } | null = null;
  offered.forEach((fmt, order) => {
    const [t, s] = MEDIA[fmt].split(';')[0]!.split('/');
    for (const r of ranges) {
      const [rt, rs] = r.type.split('/');
      const spec = rt === t && rs === s ? 3 : rt === t && rs === '*' ? 2 : rt === '*' && rs === '*' ? 1 : 0;
      // application/json also accepts the GeoJSON and OpenAPI documents (they are JSON).
      const jsonish = spec === 0 && rt === 'application' && rs === 'json' && (fmt === 'geojson' || fmt === 'oas' || fmt === 'schema') ? 2 : 0;
      const sp = spec || jsonish;
      if (!sp || r.q <= 0) continue;
      const score = { f: fmt, q: r.q, spec: sp, i: order };
      if (!best || score.q > best.q || (score.q === best.q && (score.spec > best.spec || (score.spec === best.spec && score.i < best.i)))) best = score;
    }
  });
  return (best as { f: Format } | null)?.f ?? null;
}
