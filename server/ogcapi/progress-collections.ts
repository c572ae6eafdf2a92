/**
 * Progress as OGC collections: `undertakings` (each undertaking at its latest state — or at the
 * end of `datetime` — with its headline figure reached against the target) and `progress-updates`
 * (every update, `datetime` filtering on the date it describes). Both are live and small (tens
 * of undertakings, hundreds of updates a year), so each page is computed from the update log
 * with the same replay the API uses, and filters are evaluated here.
 *
 * One geometry type per collection (GIS formats hold one): a representative point — of the work
 * done when an update drew it, else of the undertaking's features in the pack; null when the
 * strategy gives no site. The drawn geometry itself is in /api (…/undertakings/{id}/progress).
 */
import { bbox as turfBbox, pointOnFeature } from '@turf/turf';
import type { Feature, Geometry, Point } from 'geojson';
import type { CityPack } from '../packs/index-pack.ts';
import { correctionsOf, countsDate, indicatorPack, cityUpdates, presentUpdate, todayIso } from '../progress/progress-service.ts';
import { measureGeometry, undertakingIndicator } from '../progress/indicators.ts';
import { stateOn } from '../progress/replay.ts';
import type { ProgressSource } from '../queries/progress-source.ts';
import { PROGRESS_STATUSES, type ProgressStore } from '../store/store.ts';
import { evaluate } from './cql2/bind.ts';
import { convertGeometry, type Crs } from './crs.ts';
import { LIST_SEPARATOR, type Field, type FlatProps } from './flat-properties.ts';
import { licenseOf, type BBox4, type Collection, type ItemsQuery, type Interval } from './collection-types.ts';

interface Row {
  id: string;
  geometry: Point | null;
  props: FlatProps;
}

const STATUS_ENUM = [...PROGRESS_STATUSES];

const UNDERTAKING_FIELDS: Field[] = [
  { name: 'id', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'goal', type: 'string' },
  { name: 'goals', type: 'string' },
  { name: 'status', type: 'string', enum: STATUS_ENUM },
  { name: 'asOf', type: 'string', title: 'date of the last update counted' },
  { name: 'figure', type: 'string', title: 'headline declared figure' },
  { name: 'unit', type: 'string' },
  { name: 'target', type: 'number', title: 'declared (strategy)' },
  { name: 'reached', type: 'number', title: 'reached (reported or counted)' },
  { name: 'share', type: 'number', title: 'share of the target reached' },
  { name: 'targetPer', type: 'string', title: '"district" when the declared target holds in each district (reached and share are then the town\'s, against targetComputed)' },
  { name: 'targetComputed', type: 'number', title: 'for a per-district target: the town total, computed (districts × declared), not declared by the strategy' },
  { name: 'measuredKm', type: 'number', title: 'length of the drawn work done (measured, not declared)' },
  { name: 'measuredHa', type: 'number', title: 'area of the drawn work done (measured, not declared)' },
  { name: 'updates', type: 'integer' },
  { name: 'place', type: 'string', enum: ['work-done', 'strategy-feature', 'none'], title: 'what the point stands for' },
];

const UPDATE_FIELDS: Field[] = [
  { name: 'id', type: 'string' },
  { name: 'undertaking', type: 'string' },
  { name: 'undertakingName', type: 'string' },
  { name: 'asOf', type: 'string', format: 'date-time', title: 'the date the update describes' },
  { name: 'status', type: 'string', enum: STATUS_ENUM },
  { name: 'values', type: 'string', title: 'figure id=value reached, joined by "; "' },
  { name: 'note', type: 'string' },
  { name: 'corrects', type: 'string' },
  { name: 'correctedBy', type: 'string' },
  { name: 'author', type: 'string' },
  { name: 'createdAt', type: 'string', format: 'date-time' },
  { name: 'measuredKm', type: 'number' },
  { name: 'measuredHa', type: 'number' },
];

const point = (g: Geometry | null): Point | null => (g ? (pointOnFeature({ type: 'Feature', properties: {}, geometry: g }).geometry as Point) : null);

/** A representative point of the undertaking's features in the pack (null: no site). */
function strategyPoint(pack: CityPack, undertaking: string): Point | null {
  const features: Feature[] = [];
  for (const l of pack.layers.values()) for (const f of l.features) if ((f.properties as { undertaking?: string }).undertaking === undertaking || pack.raw.undertakings.find((u) => u.id === undertaking)?.layers.includes(l.entry.id)) features.push(f as Feature);
  if (!features.length) return null;
  return pointOnFeature({ type: 'FeatureCollection', features }).geometry as Point;
}

const REAL_MARK = '\u0000real';
const REAL_RE = /\{"\\u0000real":(-?\d+)\}/g;

function liveCollection(meta: { id: string; title: string; description: string; fields: Field[]; attribution: string; license: ReturnType<typeof licenseOf> }, rows: (q: ItemsQuery) => Promise<Row[]>, temporal: () => Promise<Interval | null>): Collection {
  // A `number` column is written as a real even when whole (1000.0, as GDAL writes Real fields):
  // clients that type columns from the first features (QGIS 3.22) would otherwise make it an
  // Integer and lose a later 8.26.
  const reals = new Set(meta.fields.filter((f) => f.type === 'number').map((f) => f.name));
  const props = (r: Row) => Object.fromEntries(Object.entries(r.props).map(([k, v]) => [k, reals.has(k) && typeof v === 'number' && Number.isSafeInteger(v) ? { [REAL_MARK]: v } : v]));
  const json = (r: Row, crs: Crs) =>
    JSON.stringify({ type: 'Feature', id: r.id, geometry: r.geometry && crs.epsg !== null ? convertGeometry(r.geometry, crs.fromLonLat, crs.digits) : r.geometry, properties: props(r) }).replace(REAL_RE, '$1.0');
  const all = (q: ItemsQuery) => rows(q);
  return {
    ...meta,
    geometryType: 'Point',
    queryables: meta.fields,
    temporalProperty: 'asOf',
    async dynamic() {
      const rs = await all({ bbox: null, limit: 0, offset: 0, filter: null, datetime: null, crs: null as unknown as Crs });
      const pts = rs.flatMap((r) => (r.geometry ? [{ type: 'Feature' as const, properties: {}, geometry: r.geometry }] : []));
      return { extent: pts.length ? (turfBbox({ type: 'FeatureCollection', features: pts }) as BBox4) : null, temporal: await temporal(), lastModified: null };
    },
    async page(q) {
      const hits = (await all(q)).filter((r) => {
        if (q.bbox) {
          const c = r.geometry?.coordinates;
          if (!c || c[0]! < q.bbox[0] || c[0]! > q.bbox[2] || c[1]! < q.bbox[1] || c[1]! > q.bbox[3]) return false;
        }
        return !q.filter || evaluate(q.filter, r.props, r.geometry) === true;
      });
      const slice = hits.slice(q.offset, q.offset + q.limit);
      return { json: Buffer.from(slice.map((r) => json(r, q.crs)).join(',')), numberReturned: slice.length, numberMatched: hits.length };
    },
    async item(id, crs) {
      const r = (await all({ bbox: null, limit: 0, offset: 0, filter: null, datetime: null, crs })).find((x) => x.id === id);
      return r ? json(r, crs) : null;
    },
  };
}

/** The date a datetime interval ends on (the state "by then"); today when open or absent. */
const endDate = (iv: Interval | null) => (iv?.[1] ? iv[1].slice(0, 10) : todayIso());

export function progressCollections(pack: CityPack, store: ProgressStore, counts: ProgressSource): Collection[] {
  const m = pack.raw.manifest;
  const attribution = `${m.attribution}; progress: ${m.office}`;
  const license = licenseOf(m);
  const places = new Map<string, Point | null>();
  const placeOf = (id: string) => (places.has(id) ? places.get(id)! : (places.set(id, strategyPoint(pack, id)), places.get(id)!));
  const span = async (): Promise<Interval | null> => {
    const { updates } = await store.listProgressUpdates({ city: pack.id, limit: 1, offset: 0 });
    return updates[0] ? [`${updates[0].asOf}T00:00:00Z`, null] : null;
  };

  const undertakings = liveCollection(
    {
      id: 'undertakings',
      title: 'Przedsięwzięcia — stan realizacji',
      description: `Strategic undertakings of ${m.name} at their latest state (with datetime: the state at the end of the interval), the headline declared figure, the value reached and the share. The point is the work done when drawn, else the undertaking's place in the pack (approximate/schematic), null without a site.`,
      fields: UNDERTAKING_FIELDS,
      attribution,
      license,
    },
    async (q) => {
      const at = endDate(q.datetime);
      const updates = await cityUpdates(store, pack.id);
      const day = countsDate(at);
      const live = await counts.cityCounts(pack.id, day);
      const ip = indicatorPack(pack);
      return pack.raw.undertakings.map((u): Row => {
        const state = stateOn(u.id, updates, at);
        const ind = undertakingIndicator(u, state, ip, live, day);
        const head = ind.figures.find((f) => f.share !== null) ?? ind.figures[0];
        const done = point(state.geometry);
        const geometry = done ?? placeOf(u.id);
        return {
          id: u.id,
          geometry,
          props: {
            id: u.id,
            name: u.name,
            goal: u.goal,
            goals: u.goals.join(LIST_SEPARATOR),
            status: ind.status,
            asOf: ind.asOf,
            figure: head?.label ?? null,
            unit: head?.unit ?? null,
            target: head?.target ?? null,
            reached: head?.reached ?? null,
            share: ind.share,
            targetPer: head?.per ?? null,
            targetComputed: head?.computedTarget?.value ?? null,
            measuredKm: ind.measured?.lengthKm ?? null,
            measuredHa: ind.measured?.areaHa ?? null,
            updates: state.updates.length,
            place: done ? 'work-done' : geometry ? 'strategy-feature' : 'none',
          },
        };
      });
    },
    span,
  );

  const updates = liveCollection(
    {
      id: 'progress-updates',
      title: 'Postęp — aktualizacje',
      description: `Every progress update recorded for ${m.name}'s undertakings (corrections included, with what they correct); datetime filters on the date an update describes (asOf).`,
      fields: UPDATE_FIELDS,
      attribution,
      license,
    },
    async (q) => {
      const all = await cityUpdates(store, pack.id);
      const fixes = correctionsOf(all);
      const [from, to] = q.datetime ?? [null, null];
      return all
        .filter((u) => (!from || `${u.asOf}T23:59:59.999Z` >= new Date(from).toISOString()) && (!to || `${u.asOf}T00:00:00.000Z` <= new Date(to).toISOString()))
        .map((u): Row => {
          const p = presentUpdate(u, pack, fixes);
          const measured = measureGeometry(u.geometry);
          return {
            id: u.id,
            geometry: point(u.geometry) ?? placeOf(u.undertaking),
            props: {
              id: u.id,
              undertaking: u.undertaking,
              undertakingName: pack.raw.undertakings.find((x) => x.id === u.undertaking)?.name ?? u.undertaking,
              asOf: `${u.asOf}T00:00:00Z`,
              status: u.status,
              values: Object.entries(u.values).map(([k, v]) => `${k}=${v}`).join(LIST_SEPARATOR),
              note: u.note,
              corrects: u.corrects,
              correctedBy: p.correctedBy,
              author: p.author,
              createdAt: u.createdAt,
              measuredKm: measured?.lengthKm ?? null,
              measuredHa: measured?.areaHa ?? null,
            },
          };
        });
    },
    span,
  );
  return [undertakings, updates];
}
