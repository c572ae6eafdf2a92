import type { Config } from '../config.ts';
import type { CityPack } from '../packs/load-packs.ts';
import type { PackSync } from '../packs/pack-sync.ts';
import type { ProgressSource } from '../queries/progress-source.ts';
import type { Store } from '../store/store.ts';
import { refuse } from './api-error.ts';
import type { Work, WorkConfig } from '../work/work.ts';
import type { ReportService } from '../report/report-service.ts';

/** What the routes are given: loaded packs, configuration, and where target progress comes from. */
export interface AppDeps {
  packs: Map<string, CityPack>;
  config: Pick<Config, 'BASEMAP' | 'RATE_LIMIT_WRITES' | 'TRUST_PROXY' | 'SESSION_TTL_HOURS'> &
    Partial<Pick<Config, 'DEFAULT_CITY' | 'CORS_ORIGINS' | 'RATE_LIMIT_SIGNUPS' | 'RATE_LIMIT_LOGINS' | 'LOGIN_LOCK_AFTER' | 'RESIDENT_TOKEN_TTL_DAYS' | 'SMTP_URL' | 'MAIL_FROM' | 'PUBLIC_URL' | 'LAST_REPORT_DATE' | 'GEOCODER_URL' | 'GEOCODER_TIMEOUT_MS' | 'GEOCODER_MIN_INTERVAL_MS' | 'BASEMAPS' | 'EXPORT_IDLE_S'>> &
    Partial<WorkConfig>;
  /** Worker pools for geometry and imports; createApp makes them from the config when absent. */
  work?: Work;

  /** Keeps `packs` in step with layers imported through any server; createApp makes it when absent. */
  packSync?: PackSync;

  /** Builds and keeps the yearly reports' PDFs; the progress routes make it when absent. */
  reports?: ReportService;

  progress: ProgressSource;
  store: Store;
}

export function packOr404(deps: AppDeps, city: string): CityPack {
  const pack = deps.packs.get(city);
  if (!pack) {
    refuse(404, 'unknown-city', { city: city.slice(0, 100), known: [...deps.packs.keys()] });
  }
  return pack;
}

/** The pack sync (createApp sets it). */
export function packSyncOf(deps: AppDeps): PackSync {
  if (!deps.packSync) throw new Error('createApp sets deps.packSync');
  return deps.packSync;
}

/** The worker pools (createApp sets them). */
export function workOf(deps: AppDeps): Work {
  if (!deps.work) throw new Error('createApp sets deps.work');
  return deps.work;
}

