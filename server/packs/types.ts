import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import type {
  ContextFeatureProps,
  DistrictProps,
  Goals,
  LayerEntry,
  Manifest,
  Species,
  StrategyFeatureProps,
  Story,
  Undertaking,
} from './schema.ts';

export type PackFeature = Feature<Geometry, StrategyFeatureProps | ContextFeatureProps>;
export type AreaFeature<P> = Feature<Polygon | MultiPolygon, P>;

/** A pack as read from its files, each file schema-checked, before cross-file checks. */
export interface RawPack {
  dir: string;
  manifest: Manifest;
  goals: Goals;
  undertakings: Undertaking[];
  /** species.json: required when the manifest takes proposals that need a species. */
  species: Species;
  boundary: AreaFeature<{ id: string; name: string; accuracy: DistrictProps['accuracy']; source: DistrictProps['source'] }>;
  districts: AreaFeature<DistrictProps>[];
  layers: { entry: LayerEntry; features: PackFeature[] }[];
  /** story.json, optional: null when the pack has no presentation. */
  story?: Story | null;
}
