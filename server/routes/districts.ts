import { Hono } from 'hono';
import { z } from 'zod';
import type { DistrictAt, DistrictList, DistrictSummaries } from '../api-types.ts';
import { refuse } from '../http/api-error.ts';
import { type AppDeps, packOr404 } from '../http/deps.ts';
import { GEOJSON, JSON_TYPE, sendEncoded } from '../http/send-encoded.ts';
import { summarizeDistrict } from '../queries/area-summary.ts';
import { summariesCsv } from '../queries/summaries-csv.ts';
import { KeptReads } from '../proposals/kept-reads.ts';
import { keptBody, type KeptBody } from '../proposals/kept-body.ts';
import type { CityPack } from '../packs/index-pack.ts';

/** How long a kept answer stands where other servers may write (PostgreSQL): as long as a kept tile. */
const KEPT_MAX_AGE_MS = 2000;

const PointQuery = z
  .object({
    lon: z.coerce.number().finite().min(-180).max(180),
    lat: z.coerce.number().finite().min(-90).max(90),
  })
  .strict();

export function districtsRoutes(deps: AppDeps) {
  const app = new Hono();

  app.get('/cities/:city/districts', (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    return c.json<DistrictList>({ districts: pack.districts.map((d) => d.info) });
  });

  app.get('/cities/:city/districts/geometry', (c) => sendEncoded(c, packOr404(deps, c.req.param('city')).districtsBody, GEOJSON));

  // What the choropleth asks on every view: kept as its JSON, gzip copy and ETag until the next
  // write to a proposal (on PostgreSQL, where other servers write too, for at most
  // KEPT_MAX_AGE_MS), per pack as loaded. A request costs neither a read nor a compression.
  const kept = new WeakMap<CityPack, KeptReads<KeptBody>>();
  const keptFor = (pack: CityPack) => {
    let k = kept.get(pack);
    if (!k) kept.set(pack, (k = new KeptReads<KeptBody>(() => deps.store.proposalChanges, deps.store.kind === 'postgres' ? KEPT_MAX_AGE_MS : Infinity, 1)));
    return k;
  };
  app.get('/cities/:city/districts/summaries', async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const body = await keptFor(pack).get('summaries', async () => {
      const counts = await deps.progress.cityCounts(pack.id);
      return keptBody(JSON.stringify({ summaries: pack.districts.map((d) => summarizeDistrict(pack, d, counts)) } satisfies DistrictSummaries));
    });
    return sendEncoded(c, body, JSON_TYPE);
  });

  app.get('/cities/:city/districts/summaries.csv', async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const counts = await deps.progress.cityCounts(pack.id);
    const summaries = pack.districts.map((d) => summarizeDistrict(pack, d, counts));
    return c.body(summariesCsv(summaries), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${pack.id}-dzielnice-${new Date().toISOString().slice(0, 10)}.csv"`,
    });
  });

  app.get('/cities/:city/districts/at', (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const q = PointQuery.safeParse(c.req.query());
    if (!q.success) {
      const i = q.error.issues[0]!;
      refuse(400, 'invalid-point', { field: i.path.join('.') || 'query' });
    }
    const id = pack.districtIndex.locate(q.data.lon, q.data.lat);
    if (id === null) {
      refuse(404, 'outside-town', { rule: 'located', lon: q.data.lon, lat: q.data.lat, town: pack.raw.manifest.name });
    }
    return c.json<DistrictAt>({ district: pack.districtById.get(id)!.info });
  });

  app.get('/cities/:city/districts/:district/summary', async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const id = c.req.param('district');
    const district = pack.districtById.get(id);
    if (!district) {
      refuse(404, 'unknown-district', { city: pack.id, district: id.slice(0, 100), known: pack.districts.map((d) => d.info.id) });
    }
    return c.json(summarizeDistrict(pack, district, await deps.progress.cityCounts(pack.id)));
  });

  return app;
}
