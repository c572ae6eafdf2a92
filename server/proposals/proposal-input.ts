/** Shapes of what clients send about proposals, checked with zod before anything else. */
import { z } from 'zod';
import { userText } from './text-rules.ts';

const lon = z.number({ error: 'longitude must be a number' }).finite().min(-180, 'longitude must be ≥ −180').max(180, 'longitude must be ≤ 180');
const lat = z.number({ error: 'latitude must be a number' }).finite().min(-90, 'latitude must be ≥ −90').max(90, 'latitude must be ≤ 90');
const Position = z.tuple([lon, lat], { error: 'a position is [longitude, latitude]' });

export const ProposalGeometryInput = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('Point'), coordinates: Position }).strict(),
    z
      .object({
        type: z.literal('Polygon'),
        coordinates: z.array(z.array(Position).min(4, 'a ring needs at least 4 positions').max(500, 'a ring may have at most 500 positions; simplify the outline')).min(1).max(1, 'a proposal area has one ring, without holes'),
      })
      .strict(),
  ],
  { error: 'geometry must be a GeoJSON Point or Polygon' },
);

export const CreateProposalInput = z
  .object({
    kind: z.string().regex(/^[a-z0-9-]{1,40}$/, 'kind must be one of the kinds the city takes (e.g. "tree")'),
    geometry: ProposalGeometryInput,
    species: z.string().regex(/^[a-z0-9-]{1,60}$/, 'species must be a species id from the city\'s list').optional(),
    /** Units (trees) in the proposal; 1 when left out, and always 1 for a point or a site kind. */
    count: z.number({ error: 'count must be a whole number' }).int('count must be a whole number').min(1, 'count must be at least 1').max(100_000).default(1),
    note: userText('note', 1000, { allowEmpty: true }).default(''),
    /** Planners only: a lower minimum spacing (m) for this proposal. */
    minSpacingM: z.number().finite().min(0).max(100).optional(),
  })
  .strict();
export type CreateProposalInput = z.infer<typeof CreateProposalInput>;

const STATUS_SEEN = z.enum(['proposed', 'accepted', 'rejected', 'planted', 'withdrawn'], { error: 'expected must be a status' });

export const StatusInput = z
  .object({
    status: z.enum(['accepted', 'rejected', 'planted', 'proposed'], { error: 'status must be accepted, rejected, planted or proposed' }),
    reason: userText('reason', 500).optional(),
    /** The status the planner saw; a proposal changed meanwhile answers 409 instead. */
    expected: STATUS_SEEN.optional(),
  })
  .strict()
  .refine((v) => v.status !== 'rejected' || !!v.reason, { message: 'a rejection needs a reason', path: ['reason'], params: { rule: 'reason-required' } });

/** Most proposals one bulk decision takes (each is its own transaction). */
export const MAX_BULK = 200;
export const BulkStatusInput = z
  .object({
    ids: z
      .array(z.string().regex(/^[\w-]{1,64}$/, 'ids: each is a proposal id'), { error: 'ids must be a list of proposal ids' })
      .min(1, 'ids: choose at least one proposal')
      .max(MAX_BULK, `ids: at most ${MAX_BULK} proposals at once`),
    status: z.enum(['accepted', 'rejected'], { error: 'status must be accepted or rejected (bulk decisions)' }),
    reason: userText('reason', 500).optional(),
    /** Per id, the status the planner saw; one changed meanwhile is refused (status-conflict) and left as it is. */
    expected: z
      .record(z.string().regex(/^[\w-]{1,64}$/, 'expected: keys are proposal ids'), STATUS_SEEN)
      .refine((m) => Object.keys(m).length <= MAX_BULK, `expected: at most ${MAX_BULK} proposals`)
      .optional(),
  })
  .strict()
  .refine((v) => v.status !== 'rejected' || !!v.reason, { message: 'a rejection needs a reason', path: ['reason'], params: { rule: 'reason-required' } });

export const EditInput = z
  .object({
    count: z.number().int('count must be a whole number').min(1, 'count must be at least 1').max(100_000).optional(),
    species: z.string().regex(/^[a-z0-9-]{1,60}$/).optional(),
  })
  .strict()
  .refine((v) => v.count !== undefined || v.species !== undefined, { message: 'give count or species to change', params: { rule: 'nothing-to-change' } });

const STATUSES = ['proposed', 'accepted', 'rejected', 'planted', 'withdrawn'] as const;
export const ListQuery = z
  .object({
    district: z.string().regex(/^[a-z0-9-]{1,60}$/).optional(),
    status: z
      .string()
      .transform((s) => s.split(','))
      .pipe(z.array(z.enum(STATUSES, { error: `status must be a comma-separated list of ${STATUSES.join(', ')}` })))
      .optional(),
    kind: z.string().regex(/^[a-z0-9-]{1,40}$/).optional(),
    bbox: z
      .string()
      .transform((s) => s.split(',').map(Number))
      .pipe(
        z
          .tuple([lon, lat, lon, lat], { error: 'bbox is west,south,east,north in degrees' })
          .refine(([w, s, e, n]) => w <= e && s <= n, { message: 'bbox must have west ≤ east and south ≤ north', params: { rule: 'bbox-order' } }),
      )
      .optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(1000),
    offset: z.coerce.number({ error: 'offset must be a whole number' }).int('offset must be a whole number').min(0, 'offset must be ≥ 0').max(1_000_000_000, 'offset must be at most 1000000000').default(0),
    sort: z.enum(['created', 'newest', 'supports'], { error: 'sort must be created (oldest first), newest or supports' }).default('created'),
    /** "true": only the signed-in resident's (or planner's) own proposals. */
    mine: z.enum(['true', 'false'], { error: 'mine must be true or false' }).transform((v) => v === 'true').optional(),
  })
  .strict();

/** A proposals tile's filters: statuses and kinds, each a comma-separated list. */
export const TileQueryInput = ListQuery.pick({ status: true })
  .extend({
    kind: z
      .string()
      .regex(/^[a-z0-9-]{1,40}(,[a-z0-9-]{1,40}){0,19}$/, 'kind must be a comma-separated list of kind ids')
      .transform((s) => [...new Set(s.split(','))])
      .optional(),
  })
  .strict();

export const ResidentInput = z
  .object({
    nickname: userText('nickname', 40, { singleLine: true, noBidi: true }),
    /** The town the token is for; left out, the token is scoped to the first town it writes in. */
    city: z.string().regex(/^[a-z0-9-]{1,60}$/, 'city: a town id such as "krasnik"').optional(),
  })
  .strict();
export const LoginInput = z.object({ login: z.string().min(1).max(100), password: z.string().min(1).max(1000) }).strict();

export const EmailInput = z
  .object({ email: z.string().trim().max(254, 'email: at most 254 characters').email('email: not an e-mail address (name@example.org)').transform((e) => e.toLowerCase()) })
  .strict();
