/**
 * JSON shapes of the HTTP API. The web client imports these as `import type` only,
 * so server and viewer cannot drift apart silently.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { ImportLine } from './http/import-line-messages.ts';
import type {
  Accuracy,
  ContextFeatureProps,
  DistrictProps,
  Figure,
  Goals,
  LayerEntry,
  Manifest,
  Source,
  StrategyFeatureProps,
  Story,
  StoryCamera,
  StoryChapter,
  StoryFigure,
  Target,
  Undertaking,
} from './packs/schema.ts';

export type { Accuracy, ContextFeatureProps, DistrictProps, Figure, Goals, LayerEntry, Manifest, Source, StrategyFeatureProps, Target, Undertaking };
/** GET /api/cities/:city/story — the pack's story.json, validated. */
export type { Story, StoryCamera, StoryChapter, StoryFigure };

/** Every error body: `{ error: { code, message, details? } }`. */
export interface ApiError {
  error: { code: string; message: string; details?: unknown };
}

/** GET /api/cities */
export interface CityListItem {
  id: string;
  name: string;
  strategy: Manifest['strategy'];
  centre: [number, number];
  /** Whether the city has a story (so `#story/3` can open the first city that has one). */
  hasStory?: boolean;
}
export interface CityList {
  /** The town opened when a link names none; listed first in `cities`. */
  defaultCity: string;
  cities: CityListItem[];
}

/** One layer in a city's catalogue: the manifest entry plus what the server measured. */
export interface LayerCatalogueEntry extends Omit<LayerEntry, 'file'> {
  featureCount: number;
  /** [west, south, east, north] of the layer's features; null for an empty layer. */
  bbox: [number, number, number, number] | null;
  /** The weakest accuracy among the layer's features ("approximate" if any is). */
  accuracy: Accuracy;
  /** Sum of geodesic lengths (km) for route layers, from the geometry. */
  measuredKm?: number;
  /** Sum of declared lengths (km) for route layers, from the strategy's figures. */
  declaredKm?: number;
}

/** GET /api/cities/:city */
export interface CityDetail {
  id: string;
  name: string;
  strategy: Manifest['strategy'];
  centre: [number, number];
  bounds: [number, number, number, number];
  view: Manifest['view'];
  attribution: string;
  sources: Manifest['sources'];
  targets: Target[];
  facts: Manifest['facts'];
  goals: Goals;
  undertakings: Undertaking[];
  layers: LayerCatalogueEntry[];
  districts: { id: string; name: string }[];
  /** Where each strategy feature lives, so the strategy panel can fly to it without loading every layer first. */
  featureIndex: Record<string, { layer: string; bbox: [number, number, number, number] }>;
  /** Geodesic length (km) of each line feature of the route and mixed layers, by feature id: the map's route labels and the route table need no geometry code at start. */
  lineKm: Record<string, number>;
  /**
   * The label glyph files the map's first view (the pack's view, its default layers) asks for,
   * as "<font stack>/<range>" (e.g. "Noto Sans Bold/256-511"): the viewer fetches them beside
   * the map library, so MapLibre's worker finds them in the cache (issue 13).
   */
  firstViewGlyphs: string[];
  /** Whether the pack has a story (GET /api/cities/:city/story). */
  hasStory: boolean;
}

/** GET /api/settings */
export interface Settings {
  basemap: null | { type: 'raster'; tiles: string[]; attribution: string; maxzoom: number } | { type: 'style'; url: string };
}

export type StrategyFeature = Feature<Geometry, StrategyFeatureProps>;
export type ContextFeature = Feature<Geometry, ContextFeatureProps>;
export type LayerCollection = FeatureCollection<Geometry, StrategyFeatureProps | ContextFeatureProps>;
/** Districts with their area and the point inside each where the map writes its name (labelLon, labelLat). */
export type DistrictCollection = FeatureCollection<Geometry, DistrictProps & { areaKm2: number; labelLon: number; labelLat: number }>;

/** GET /api/cities/:city/map-data: the boundary, the districts and every layer of the catalogue (by id), in one response. */
export interface CityMapData {
  boundary: FeatureCollection;
  districts: DistrictCollection;
  layers: Record<string, LayerCollection>;
}

/** One district as listed by GET /api/cities/:city/districts. */
export interface DistrictInfo {
  id: string;
  name: string;
  /** Geodesic area in km², measured from the pack geometry. */
  areaKm2: number;
  population: number | null;
  accuracy: Accuracy;
  source: Source;
  bbox: [number, number, number, number];
}
export interface DistrictList {
  districts: DistrictInfo[];
}

/** km of one route layer inside an area, per feature (clipped at the area's edge). */
export interface RouteInArea {
  layer: string;
  layerTitle: string;
  km: number;
  features: { id: string; name: string; km: number; declaredKm: number | null }[];
}

/** A strategy feature that touches an area. */
export interface UndertakingInArea {
  featureId: string;
  layer: string;
  name: string;
  undertaking: string | null;
  geometry: 'area' | 'route' | 'point';
  /** Intersecting area in ha, for areas. */
  areaHa?: number;
  /** Length inside, in km, for routes. */
  km?: number;
  /** 1 for a point feature (points are counted, not measured). */
  count?: number;
  bbox: [number, number, number, number];
}

/** How much of an area one area layer covers. */
export interface CoverageInArea {
  layer: string;
  layerTitle: string;
  areaHa: number;
  /** 0…1 of the area. */
  share: number;
}

/** Progress against a per-district target (trees: proposed / accepted / planted of 1000). */
export interface TargetProgress {
  id: string;
  label: string;
  unit: string;
  /** The target for this area; for a drawn area, null (targets are per district). */
  target: number | null;
  proposed: number;
  accepted: number;
  planted: number;
  source: Source;
}

/**
 * Proposals of one kind in an area (a funnel: proposed ⊇ accepted ⊇ planted). Sums of the
 * proposals' counts: trees for a kind counted in units, proposals for a kind counted in sites.
 */
export interface KindTally {
  kind: string;
  label: string;
  /** The target it counts towards (its progress is in `targets`), or null. */
  target: string | null;
  counts: 'units' | 'sites';
  proposed: number;
  accepted: number;
  planted: number;
}

export interface AreaSummary {
  areaKm2: number;
  routes: RouteInArea[];
  undertakings: UndertakingInArea[];
  coverage: CoverageInArea[];
  targets: TargetProgress[];
  /** Every proposal kind of the town with its counts here (the server always sends it; empty when the town takes no proposals). */
  proposals?: KindTally[];
}

/** GET /api/cities/:city/districts/:district/summary */
export interface DistrictSummary extends AreaSummary {
  district: DistrictInfo;
}
/** GET /api/cities/:city/districts/summaries — every district at once (for the choropleth). */
export interface DistrictSummaries {
  summaries: DistrictSummary[];
}
/** POST /api/cities/:city/query */
export interface QueryResult extends AreaSummary {
  districts: { id: string; name: string; overlapHa: number; share: number }[];
}
/** GET /api/cities/:city/districts/at?lon=&lat= */
export interface DistrictAt {
  district: DistrictInfo;
}

/** Properties of a proposal as served (GeoJSON Feature with the proposal's geometry). */
export interface ProposalFeatureProps {
  id: string;
  /** The short public number ("nr 123"), unique across towns, never reused. */
  number: number;
  kind: string;
  /** The kind's label in the pack's language ("drzewo", "park kieszonkowy"). */
  kindLabel: string;
  status: 'proposed' | 'accepted' | 'rejected' | 'planted' | 'withdrawn';
  reason: string | null;
  district: string | null;
  species: string;
  speciesPl: string | null;
  speciesLatin: string | null;
  count: number;
  note: string;
  supports: number;
  /** Of `supports`, those by residents with a confirmed e-mail address. */
  supportsConfirmed: number;
  /** The resident's nickname, or the town office's name (never a planner's login). */
  author: string;
  createdAt: string;
  updatedAt: string;
  /** Present when a resident asks: whether they support it. */
  supportedByMe?: boolean;
  /** In the list for a signed-in resident: whether they wrote it (they cannot support it). */
  byMe?: boolean;
}

export interface ProposalEventOut {
  at: string;
  actor: string;
  action: 'created' | 'accepted' | 'rejected' | 'planted' | 'withdrawn' | 'edited' | 'reopened';
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  changes: Record<string, [unknown, unknown]> | null;
}

/** GET /api/cities/:city/proposals */
export interface ProposalCollection {
  type: 'FeatureCollection';
  features: Feature<Geometry, ProposalFeatureProps>[];
  numberMatched: number;
  numberReturned: number;
  offset: number;
  limit: number;
}

/** GET /api/cities/:city/proposals/:id */
export interface ProposalDetail {
  type: 'Feature';
  id: string;
  geometry: Geometry;
  properties: ProposalFeatureProps;
  history: ProposalEventOut[];
  /** For planners: supports by confirmed and unconfirmed residents, and bursts from one network. */
  supporters?: { confirmed: number; unconfirmed: number; bursts: { network: string; count: number; from: string; to: string }[] };
}

/** 422 details when a proposal breaks a rule. */
export interface RuleRefusal {
  rule: string;
  feature?: Feature<Geometry, ProposalFeatureProps> | { id: string; name: string; category: string };
  distanceM?: number;
}

/** GET /api/me */
export interface Me {
  kind: 'anonymous' | 'resident' | 'user';
  id?: string;
  name?: string;
  role?: 'resident' | 'planner' | 'admin';
  csrfToken?: string;
  /** A resident's town (null until their first proposal or support scopes the token). */
  city?: string | null;
  /** Whether a resident confirmed an e-mail address (towns with verification "email" need it to support). */
  emailConfirmed?: boolean;
}

/** A proposal kind as the manifest declares it. */
export type ProposalKindEntry = NonNullable<Manifest['proposals']>['kinds'][number];

/** The proposal setup of a city: kinds with their rules, and the species list. */
export interface ProposalSetup {
  /**
   * `counts`, derived by the server: "units" for a kind that needs a species (a tree: an area holds
   * several, one per m2PerUnit), "sites" for any other (every proposal is one site, count 1).
   */
  kinds: (ProposalKindEntry & { counts: 'units' | 'sites' })[];
  species: { id: string; pl: string; latin: string; native: boolean }[];
}

/** One feature of an import report (POST /api/admin/cities/:city/import). */
export interface ImportReportItem {
  /** The id it gets in the layer; null when none could be made. */
  id: string | null;
  /** Where it came from in the file: "parki.geojson #3", "drogi.osm way/123". */
  source: string;
  valid: boolean;
  status: 'accepted' | 'repaired' | 'refused';
  /** What was repaired (closed rings, removed duplicate points…), in English. */
  repairs: string[];
  /** The same repairs as `{ code, params }`, for a client to word. */
  repairLines: ImportLine[];
  /** Why it was refused, in English. */
  reason?: string;
  /** The same reasons as `{ code, params }`. */
  reasonLines?: ImportLine[];
}

/** POST /api/admin/cities/:city/import: the report of an upload; nothing is written yet. */
export interface ImportUpload {
  /** Confirm with POST …/import/:importId/confirm; null when every feature was refused. */
  importId: string | null;
  expiresAt: string | null;
  report: {
    city: string;
    layer: string;
    mode: 'replace' | 'append';
    files: { name: string; format: string; crs: string; epsg: number; crsName: string; crsSource: 'file' | 'option' | 'assumed'; features: number; notes: string[]; noteLines: ImportLine[] }[];
    total: number;
    accepted: number;
    repaired: number;
    refused: number;
    warnings: string[];
    warningLines: ImportLine[];
    /** Refused and repaired first when the list was cut; `itemsOmitted` says how many were left out. */
    items: ImportReportItem[];
    itemsOmitted: number;
  };
}

/** POST /api/admin/cities/:city/import/:importId/confirm */
export interface ImportConfirmation {
  city: string;
  layer: string;
  mode: 'replace' | 'append';
  /** Features written by this import. */
  imported: number;
  /** Features the layer has now. */
  features: number;
}

/** POST /api/cities/:city/proposals/status — one decision for a selection, answered per proposal. */
export interface BulkStatusResult {
  changed: number;
  results: ({ id: string; ok: true; status: ProposalFeatureProps['status'] } | { id: string; ok: false; error: { code: string; message: string } })[];
}
