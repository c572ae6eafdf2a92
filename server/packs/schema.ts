/**
 * The city-pack contract: every file under data/<city>/ is parsed with these schemas
 * at start-up and in tests. Cross-file rules (goal codes exist, ids unique, districts
 * tile the boundary) live in validate-pack.ts; this file is shapes only.
 */
import { z } from 'zod';
import { BasemapList } from '../basemaps/basemaps.ts';

const lon = z.number().finite().min(-180).max(180);
const lat = z.number().finite().min(-90).max(90);
export const LonLat = z.tuple([lon, lat]);
const Position = z.union([z.tuple([lon, lat]), z.tuple([lon, lat, z.number().finite()])]);
export const BBox = z
  .tuple([lon, lat, lon, lat])
  .refine(([w, s, e, n]) => w < e && s < n, 'bbox must be [west, south, east, north] with west < east and south < north');

const Ring = z.array(Position).min(4, 'a ring needs at least 4 positions');

export const PointGeometry = z.object({ type: z.literal('Point'), coordinates: Position });
export const LineStringGeometry = z.object({
  type: z.literal('LineString'),
  coordinates: z.array(Position).min(2, 'a LineString needs at least 2 positions'),
});
export const MultiLineStringGeometry = z.object({
  type: z.literal('MultiLineString'),
  coordinates: z.array(z.array(Position).min(2)).min(1),
});
export const PolygonGeometry = z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1) });
export const MultiPolygonGeometry = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(Ring).min(1)).min(1),
});
export const Geometry = z.discriminatedUnion('type', [
  PointGeometry,
  LineStringGeometry,
  MultiLineStringGeometry,
  PolygonGeometry,
  MultiPolygonGeometry,
]);

export const Accuracy = z.enum(['surveyed', 'approximate', 'schematic']);
export type Accuracy = z.infer<typeof Accuracy>;

/** A link shown to people: only http(s), never javascript:, data: or file: URLs. */
export const HttpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\/[^\s]+$/i.test(u), 'must be an http:// or https:// URL');

/** Where a fact comes from: the strategy document and its section, or a reference page. */
export const Source = z.object({
  document: z.string().min(1),
  section: z.string().min(1),
  url: HttpUrl.optional(),
  note: z.string().optional(),
  /** Imported geometry: the dataset it came from, the commit or version read, and its licence (SPDX id, e.g. "ODbL-1.0"). */
  dataset: z.string().min(1).optional(),
  commit: z.string().min(1).optional(),
  license: z.string().min(1).optional(),
});
export type Source = z.infer<typeof Source>;

/** A figure the strategy declares, as a number with its unit (never an invented number). */
export const Figure = z.object({
  /**
   * A stable id, so progress updates can say which figure a value reached belongs to. Unique in
   * its undertaking, except that the two ends of a range ("2–3 MW": range-min and range-max) share one.
   */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id of lower-case letters, digits and hyphens').optional(),
  /** The manifest's target this figure is (e.g. "trees"): its value reached comes live from the proposals, never typed. */
  target: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional(),
  label: z.string().min(1),
  value: z.number().finite(),
  unit: z.string().min(1),
  /** "about"/"at least"/"up to" qualifiers as the strategy states them. */
  qualifier: z.enum(['about', 'at-least', 'at-most', 'range-min', 'range-max']).optional(),
});
export type Figure = z.infer<typeof Figure>;

export const Status = z.enum(['concept', 'planned', 'in-progress', 'completed', 'existing']);
export type Status = z.infer<typeof Status>;

/** Roman-numbered strategic goals or areas (I–VI) and their numbered operational goals or directions. */
const OperationalCode = z.string().regex(/^(I|II|III|IV|V|VI)\.[1-9][0-9]?$/, 'operational goal code like "IV.3"');
const StrategicCode = z.enum(['I', 'II', 'III', 'IV', 'V', 'VI']);
const Id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id of lower-case letters, digits and hyphens');

/** Properties of a feature in a strategy layer. */
export const StrategyFeatureProps = z
  .object({
    id: Id,
    name: z.string().min(1),
    description: z.string().min(1),
    goals: z.array(OperationalCode).min(1, 'a strategy feature serves at least one operational goal'),
    undertaking: Id.optional(),
    figures: z.array(Figure).default([]),
    status: Status,
    source: Source,
    accuracy: Accuracy,
    /** Free-form category inside a layer (e.g. "marina", "pier"), for icons and legends. */
    category: z.string().optional(),
  })
  .strict();
export type StrategyFeatureProps = z.infer<typeof StrategyFeatureProps>;

/** Properties of a context feature drawn for the offline base map (water, river, roads, railway). */
export const ContextFeatureProps = z
  .object({
    id: Id,
    name: z.string().min(1),
    category: z.enum(['water', 'river', 'road-main', 'road', 'railway', 'landmark']),
    ref: z.string().optional(),
    source: Source,
    accuracy: Accuracy,
  })
  .strict();
export type ContextFeatureProps = z.infer<typeof ContextFeatureProps>;

export const LayerKind = z.enum(['route', 'area', 'point', 'mixed']);
export type LayerKind = z.infer<typeof LayerKind>;

const Colour = z.string().regex(/^#[0-9a-f]{6}$/, 'colour as lower-case #rrggbb');

/**
 * The licence a layer's data is under and the attribution it asks for. The map shows the
 * attribution while the layer is drawn; downloads and OGC collections carry it with a link.
 */
export const LayerLicense = z
  .object({
    /** SPDX identifier, e.g. "ODbL-1.0", "CC0-1.0". */
    id: z.string().min(1),
    title: z.string().min(1),
    url: z.string().url(),
    /** Text to show on the map and in downloads, e.g. "© OpenStreetMap contributors (ODbL)". */
    attribution: z.string().min(1),
    /** What the licence asks of whoever redistributes the layer file (share-alike, keep notices…). */
    terms: z.string().optional(),
  })
  .strict();
export type LayerLicense = z.infer<typeof LayerLicense>;

export const LayerEntry = z
  .object({
    id: Id,
    title: z.string().min(1),
    /** strategy: features of the strategy; context: the offline base map. */
    role: z.enum(['strategy', 'context']),
    kind: LayerKind,
    file: z.string().regex(/^layers\/[a-z0-9-]+\.geojson$/, 'file like "layers/<id>.geojson"'),
    description: z.string().default(''),
    legend: z.object({ color: Colour, label: z.string().optional() }),
    visible: z.boolean().default(true),
    undertaking: Id.optional(),
    /** Absent for the project's own drawings; required in spirit for anything imported from an open dataset. */
    license: LayerLicense.optional(),
  })
  .strict();
export type LayerEntry = z.infer<typeof LayerEntry>;

export const Target = z
  .object({
    id: Id,
    label: z.string().min(1),
    unit: z.string().min(1),
    perDistrict: z.number().int().positive(),
    source: Source,
    /** The label and unit in the viewer's other languages (the pack's own text is the Polish one). */
    i18n: z.object({ en: z.object({ label: z.string().min(1).max(120), unit: z.string().min(1).max(40) }).strict() }).strict().optional(),
  })
  .strict();
export type Target = z.infer<typeof Target>;

/**
 * A kind of thing residents may propose (a tree, a pocket park…), with the rules the server enforces.
 * The rules are the town's, so a pack states them: no town's numbers are defaults here. Only the two
 * rules that do not apply to a kind counting sites (see server/proposals/kind-rules.ts) may be left
 * out, and then take the neutral values 1 and 1 (every proposal is one site); a kind counting units
 * (`needsSpecies`, a tree) must state them.
 */
export const ProposalKind = z
  .object({
    id: Id,
    label: z.string().min(1),
    /** The manifest target this kind counts towards (e.g. "trees"); absent when the strategy gives no number. */
    target: Id.optional(),
    /** The undertaking (action) this kind proposes places for; the strategy panel offers "propose a site" there. */
    undertaking: Id.optional(),
    /** One line on what makes a good site, in the pack's language (shown in the proposal form). */
    hint: z.string().max(300).optional(),
    /** The label and hint in the viewer's other languages (the pack's own text is the Polish one). */
    i18n: z.object({ en: z.object({ label: z.string().min(1).max(120), hint: z.string().max(300).optional() }).strict() }).strict().optional(),
    geometries: z.array(z.enum(['Point', 'Polygon'])).min(1),
    /** Whether a species from species.json must be chosen. */
    needsSpecies: z.boolean().default(false),
    rules: z
      .object({
        /** Minimum distance to another live proposal of this kind; planners may lower it per proposal. */
        minSpacingM: z.number().min(0),
        /** At most one unit (tree) per this many m² of a polygon (units kinds only). */
        m2PerUnit: z.number().positive().optional(),
        /** Most units in one proposal (units kinds only). */
        maxCount: z.number().int().positive().optional(),
        /** Largest polygon accepted, in m². */
        maxAreaM2: z.number().positive(),
        /** Context categories a proposal may not touch (e.g. water); [] for none. */
        forbiddenContext: z.array(z.enum(['water', 'river', 'road-main', 'road', 'railway', 'landmark'])),
      })
      .strict(),
  })
  .strict()
  .superRefine((k, ctx) => {
    if (!k.needsSpecies) return;
    for (const rule of ['m2PerUnit', 'maxCount'] as const) {
      if (k.rules[rule] === undefined) ctx.addIssue({ code: 'custom', path: ['rules', rule], message: `a kind counting units (needsSpecies) must state rules.${rule}` });
    }
  })
  .transform((k) => ({ ...k, rules: { ...k.rules, m2PerUnit: k.rules.m2PerUnit ?? 1, maxCount: k.rules.maxCount ?? 1 } }));
export type ProposalKind = z.infer<typeof ProposalKind>;

export const Species = z
  .array(z.object({ id: Id, pl: z.string().min(1), latin: z.string().min(1), native: z.boolean() }).strict())
  .min(1);
export type Species = z.infer<typeof Species>;

export const Manifest = z
  .object({
    id: Id,
    name: z.string().min(1),
    strategy: z.object({
      title: z.string().min(1),
      period: z.string().min(1),
      document: z.string().min(1),
      /**
       * The span the time control covers (YYYY-MM-DD): from the strategy's start (its adoption,
       * or the date of the document when no adoption date is known) to its horizon.
       */
      timeline: z
        .object({
          start: z.iso.date('a date YYYY-MM-DD'),
          end: z.iso.date('a date YYYY-MM-DD'),
          /** What the start date is: "adopted" (the council's resolution), "document" (the document's date) or "period" (the start of the programme's period). */
          startBasis: z.enum(['adopted', 'document', 'period']),
        })
        .strict()
        .optional(),
    }),
    centre: LonLat,
    bounds: BBox,
    view: z.object({
      center: LonLat,
      zoom: z.number().min(0).max(22),
      bearing: z.number().min(-360).max(360).default(0),
      pitch: z.number().min(0).max(85).default(0),
    }),
    attribution: z.string().min(1),
    sources: z.array(z.object({ id: Id, title: z.string().min(1), url: HttpUrl.optional(), note: z.string().optional() })).min(1),
    layers: z.array(LayerEntry).min(1),
    targets: z.array(Target).default([]),
    /** Diagnosis figures worth showing beside the map (e.g. share covered by zoning plans). */
    facts: z.array(Figure.extend({ source: Source })).default([]),
    /** What residents may propose here; a pack without it takes no proposals. */
    proposals: z.object({ kinds: z.array(ProposalKind).min(1) }).strict().optional(),
    /** Basemaps this town offers besides the own offline style (server/basemaps/basemaps.ts). */
    basemaps: BasemapList.optional(),
    /** How planners' actions are signed in public (history, author, exports): the office, never a login. */
    office: z.string().min(1).max(80).default('Urząd'),
    /**
     * How sure the town must be that a supporter is one person: "nickname" (a nickname is
     * enough) or "email" (a support counts once the supporter confirmed an e-mail address by a link).
     */
    verification: z.enum(['nickname', 'email']).default('nickname'),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

export const Goals = z
  .object({
    /**
     * How the document structures itself: "goals" (strategic → operational goals, as Kraśnik 2030)
     * or "areas" (areas of action → directions, as the Kalisz programme). The viewer names the levels accordingly.
     */
    structure: z.enum(['goals', 'areas']).default('goals'),
    /** True when the document does not number its operational level and the codes are the pack's own. */
    codesAssigned: z.boolean().default(false),
    strategic: z
      .array(
        z.object({
          code: StrategicCode,
          name: z.string().min(1),
          description: z.string().min(1),
          operational: z.array(z.object({ code: OperationalCode, name: z.string().min(1) }).strict()).min(1),
          /**
           * District figures this goal's area layers count toward: "green" makes them the green
           * areas of the "green share" choropleth. A town with no goal marked green is offered no green figure.
           */
          metricGroups: z.array(z.enum(['green'])).default([]),
        }).strict(),
      )
      .min(1),
    source: Source,
  })
  .strict();
export type Goals = z.infer<typeof Goals>;

export const Undertaking = z
  .object({
    id: Id,
    name: z.string().min(1),
    goal: StrategicCode,
    goals: z.array(OperationalCode).min(1),
    description: z.string().min(1),
    figures: z.array(Figure).default([]),
    status: Status,
    source: Source,
    /** Layers that draw this undertaking; empty when the strategy gives no site. */
    layers: z.array(Id).default([]),
    /** Why there is nothing on the map, when layers is empty. */
    siteNote: z.string().optional(),
  })
  .strict();
export type Undertaking = z.infer<typeof Undertaking>;
export const Undertakings = z.array(Undertaking).min(1);

export const BoundaryProps = z
  .object({ id: Id, name: z.string().min(1), accuracy: Accuracy, source: Source, teryt: z.string().optional() })
  .strict();

export const DistrictProps = z
  .object({
    id: Id,
    name: z.string().min(1),
    description: z.string().optional(),
    population: z.number().int().positive().optional(),
    accuracy: Accuracy,
    source: Source,
  })
  .strict();
export type DistrictProps = z.infer<typeof DistrictProps>;

/** A Feature whose geometry and properties are checked by the given schemas. */
export function featureOf<G extends z.ZodTypeAny, P extends z.ZodTypeAny>(geometry: G, props: P) {
  return z.object({ type: z.literal('Feature'), id: z.union([z.string(), z.number()]).optional(), geometry, properties: props });
}

export const FeatureCollectionShape = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()),
});

export const AreaGeometry = z.discriminatedUnion('type', [PolygonGeometry, MultiPolygonGeometry]);
export const RouteGeometry = z.discriminatedUnion('type', [LineStringGeometry, MultiLineStringGeometry]);

/** Which geometry types each layer kind admits. */
export const GEOMETRY_BY_KIND: Record<LayerKind, z.ZodTypeAny> = {
  route: RouteGeometry,
  area: AreaGeometry,
  point: PointGeometry,
  mixed: Geometry,
};

/** A big figure on a story chapter: a ready string ("8,26 km") or a number with its unit. */
export const StoryFigure = z.union([
  z.object({ value: z.string().min(1).max(24), label: z.string().min(1).max(80) }).strict(),
  z.object({ value: z.number().finite(), unit: z.string().min(1).max(24), label: z.string().min(1).max(80) }).strict(),
]);
export type StoryFigure = z.infer<typeof StoryFigure>;

export const StoryCamera = z
  .object({
    center: LonLat,
    zoom: z.number().min(0).max(22),
    bearing: z.number().min(-360).max(360).default(0),
    pitch: z.number().min(0).max(85).default(0),
  })
  .strict();
export type StoryCamera = z.infer<typeof StoryCamera>;

export const StoryChapterKind = z.enum(['title', 'goal', 'undertaking', 'district', 'closing']);

/** One chapter of a city's story (data/<city>/story.json): what to say, where to look, what to draw. */
export const StoryChapter = z
  .object({
    id: Id,
    kind: StoryChapterKind,
    title: z.string().min(1).max(90),
    /** A few short paragraphs, in the pack author's own words. */
    text: z.array(z.string().min(1).max(400)).max(5).default([]),
    camera: StoryCamera,
    /** Layer ids drawn in this chapter (every other layer is hidden). */
    layers: z.array(Id).default([]),
    /** Feature ids outlined in this chapter. */
    highlight: z.array(Id).default([]),
    figures: z.array(StoryFigure).max(4).default([]),
    /** District chapters: figures come live from the district summary, never from this file. */
    district: Id.optional(),
    undertaking: Id.optional(),
    goal: StrategicCode.optional(),
  })
  .strict()
  .refine((c) => c.kind !== 'district' || c.district !== undefined, { message: 'a district chapter names its "district"', path: ['district'] });
export type StoryChapter = z.infer<typeof StoryChapter>;

export const Story = z
  .object({
    title: z.string().min(1).max(120),
    chapters: z.array(StoryChapter).min(1).max(60),
  })
  .strict();
export type Story = z.infer<typeof Story>;
