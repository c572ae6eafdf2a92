/** Shapes of what planners send about progress, and the query strings of the progress routes. */
import { z } from 'zod';
import { PROGRESS_STATUSES } from '../store/store.ts';
import { userText } from '../proposals/text-rules.ts';

const lon = z.number({ error: 'longitude must be a number' }).finite().min(-180).max(180);
const lat = z.number({ error: 'latitude must be a number' }).finite().min(-90).max(90);
const Position = z.tuple([lon, lat], { error: 'a position is [longitude, latitude]' });
const Line = z.array(Position).min(2, 'a line needs at least 2 positions');
const Ring = z.array(Position).min(4, 'a ring needs at least 4 positions');

/** Positions the geometry of an update may have in all (a traced route needs a few hundred). */
export const MAX_PROGRESS_VERTICES = 2000;

export const ProgressGeometryInput = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('Point'), coordinates: Position }).strict(),
    z.object({ type: z.literal('LineString'), coordinates: Line }).strict(),
    z.object({ type: z.literal('MultiLineString'), coordinates: z.array(Line).min(1) }).strict(),
    z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1) }).strict(),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring).min(1)).min(1) }).strict(),
  ],
  { error: 'geometry must be a GeoJSON Point, LineString, MultiLineString, Polygon or MultiPolygon' },
);
export type ProgressGeometryInput = z.infer<typeof ProgressGeometryInput>;

export const isoDate = z.iso.date('a date YYYY-MM-DD');

export const ProgressInput = z
  .object({
    asOf: isoDate,
    status: z.enum(PROGRESS_STATUSES, { error: `status must be one of ${PROGRESS_STATUSES.join(', ')}` }),
    /** Values reached by asOf, cumulative, keyed by the declared figure's id. */
    values: z
      .record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, 'a figure id'), z.number({ error: 'a value reached must be a number' }).finite().min(0, 'a value reached is at least 0').max(1e9))
      .default({}),
    note: userText('note', 2000, { allowEmpty: true }).default(''),
    geometry: ProgressGeometryInput.nullable().default(null),
    /** The update this one corrects. */
    corrects: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'corrects must be the id of an update').nullable().default(null),
  })
  .strict();
export type ProgressInput = z.infer<typeof ProgressInput>;

export const AtQuery = z.object({ at: isoDate.optional() }).strict();
export const SinceQuery = z.object({ since: isoDate.optional() }).strict();
/** Routes that take no query (following, a report named by its path): an unknown key is refused, not ignored. */
export const NoQuery = z.object({}).strict();
/** Importing the geometry of work done from a file (the raw body): the file's name (for its format) and, for a file that states no CRS, the grid it is in. */
export const GeometryFileQuery = z
  .object({
    name: z.string().max(200, 'a file name of at most 200 characters').optional(),
    from: z.string().regex(/^EPSG:\d{4,5}$/i, 'from must be EPSG:<code>, e.g. EPSG:2180').optional(),
  })
  .strict();
