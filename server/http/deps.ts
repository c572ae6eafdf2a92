import type { Config } from '../config.ts';
import type { CityPack } from '../packs/load-packs.ts';
import type { ProgressSource } from '../queries/progress-source.ts';
import type { Store } from '../store/store.ts';
import { apiError } from './api-error.ts';

/** What the routes are given: loaded packs, configuration, and where target progress comes from. */
export interface AppDeps {
  packs: Map<string, CityPack>;
  config: Pick<Config, 'BASEMAP' | 'RATE_LIMIT_WRITES' | 'TRUST_PROXY' | 'SESSION_TTL_HOURS'> & Partial<Pick<Config, 'DEFAULT_CITY' | 'CORS_ORIGINS'>>;
  progress: ProgressSource;
  store: Store;
}

export function packOr404(deps: AppDeps, city: string): CityPack {
  const pack = deps.packs.get(city);
  if (!pack) {
    apiError(404, 'unknown-city', `There is no city "${city}". Known cities: ${[...deps.packs.keys()].join(', ')}.`);
  }
  return pack;
}
