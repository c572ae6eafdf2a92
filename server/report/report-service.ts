/**
 * The yearly report's PDF, built off the event loop and at most once per version: a worker
 * thread prints it (fonts and maps are CPU work), one build per town at a time — a caller who
 * asks for the same report meanwhile waits for that build, one who asks for another year of
 * the same town is refused (503 report-building, with Retry-After) — and the result is kept,
 * keyed by town, year, date and a digest of the report's data (every progress update and
 * proposal count it shows), so a repeated download is served from memory and any new update
 * or planted tree makes a new one.
 */
import { createHash } from 'node:crypto';
import { refuse } from '../http/api-error.ts';
import type { CityPack } from '../packs/index-pack.ts';
import { runOn, type Work } from '../work/work.ts';
import type { ReportPdf } from './report-pdf.ts';
import { reportMapData } from './report-map-data.ts';
import type { YearReport } from './year-report.ts';

export interface ReportServiceOptions {
  /** Reports kept in memory (each a few hundred kB). */
  cacheSize?: number;
  /** A build's time budget in the worker. */
  timeMs?: number;
  /**
   * Tests only: a shared flag the worker waits on before building ([0] = release, [1] = set by
   * the worker when it has the job), so a test can hold a build while it asks other things.
   */
  hold?: Int32Array;
}

export interface ReportService {
  /** The PDF of `report`; `cached` says whether it came from memory. */
  pdf(pack: CityPack, report: YearReport): Promise<ReportPdf & { cached: boolean }>;
  /** Builds started (not served from memory or joined). */
  readonly builds: number;
}

const RETRY_AFTER_S = 5;
const packIds = new WeakMap<CityPack, number>();
let packs = 0;

export function createReportService(work: Work, o: ReportServiceOptions = {}): ReportService {
  const cacheSize = o.cacheSize ?? 16;
  const cache = new Map<string, ReportPdf>();
  const building = new Map<string, { key: string; year: number; result: Promise<ReportPdf> }>();
  let builds = 0;

  return {
    get builds() {
      return builds;
    },
    async pdf(pack, report) {
      let packId = packIds.get(pack);
      if (!packId) packIds.set(pack, (packId = ++packs));
      // The data the PDF shows, and the pack it was drawn from (an import replaces the pack).
      const digest = createHash('sha256').update(JSON.stringify(report)).digest('base64url');
      const key = `${pack.id}#${packId}/${report.year}/${report.at}/${digest}`;
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit);
        return { ...hit, cached: true };
      }
      const running = building.get(pack.id);
      if (running) {
        if (running.key === key) return { ...(await running.result), cached: false };
        refuse(503, 'report-building', { town: report.town, year: report.year, building: running.year, retryAfterS: RETRY_AFTER_S }, {}, { 'retry-after': String(RETRY_AFTER_S) });
      }
      builds++;
      const result = runOn<ReportPdf>(work.reports, 'reportPdf', { report, map: reportMapData(pack), ...(o.hold ? { hold: o.hold } : {}) }, { timeMs: o.timeMs ?? 60_000 });
      building.set(pack.id, { key, year: report.year, result });
      try {
        const pdf = await result;
        cache.set(key, pdf);
        while (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
        return { ...pdf, cached: false };
      } finally {
        building.delete(pack.id);
      }
    },
  };
}
