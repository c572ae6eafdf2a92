/**
 * What a worker thread does: geometry on user input (a drawn area's summary, a proposal's
 * checks) and imports. Each town's context (layers, districts, boundary, forbidden areas) is
 * sent once per worker and kept; requests name it by key.
 */
import { parentPort } from 'node:worker_threads';
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import { intersectionAreaHa } from '../geo/intersect-area.ts';
import { pointsInArea } from '../geo/points-in-area.ts';
import { summarizeArea, type SummaryInput } from '../geo/summarize-area.ts';
import { importLayer, type ImportFile, type ImportOptions } from '../import/import-layer.ts';
import type { ImportTarget } from '../import/import-target.ts';
import { importWorkGeometry } from '../progress/import-geometry.ts';
import type { RuleContext } from '../proposals/check-rules.ts';
import { checkProposalGeometry } from '../proposals/check-geometry.ts';
import type { ProposalKind } from '../packs/schema.ts';
import { reportPdf } from '../report/report-pdf.ts';
import type { ReportMapData } from '../report/report-map-data.ts';
import type { YearReport } from '../report/year-report.ts';

export interface TownContext {
  summaryInput: SummaryInput;
  districts: { id: string; name: string; areaKm2: number; geometry: Polygon | MultiPolygon }[];
  boundary: Feature<Polygon | MultiPolygon>;
  townName: string;
  forbidden: RuleContext['forbidden'];
}

const contexts = new Map<string, TownContext>();

export const tasks = {
  summarize(ctx: TownContext, arg: { area: Polygon | MultiPolygon; points?: Float64Array }) {
    const figures = summarizeArea(ctx.summaryInput, arg.area);
    // Which of the proposals read from the area's box lie inside it (their representative points).
    const inside = arg.points ? pointsInArea(arg.area, arg.points) : null;
    const districts = ctx.districts
      .map((d) => {
        const overlapHa = intersectionAreaHa(arg.area, d.geometry);
        return { id: d.id, name: d.name, overlapHa, share: overlapHa / (d.areaKm2 * 100) };
      })
      .filter((d) => d.overlapHa > 0);
    return { figures, districts, inside };
  },

  checkProposal(ctx: TownContext, arg: { geometry: Point | Polygon; count: number; kind: ProposalKind; maxVertices: number }) {
    return checkProposalGeometry(arg.geometry, arg.count, arg.kind, arg.maxVertices, ctx);
  },

  /**
   * The yearly report's PDF. `hold` (tests only) is a shared flag the worker waits on before it
   * starts, as a long build would keep it busy: a test proves the server answers meanwhile.
   */
  async reportPdf(_ctx: null, arg: { report: YearReport; map: ReportMapData; hold?: Int32Array }) {
    if (arg.hold) {
      Atomics.store(arg.hold, 1, 1);
      Atomics.notify(arg.hold, 1);
      while (Atomics.load(arg.hold, 0) === 0) Atomics.wait(arg.hold, 0, 0);
    }
    return reportPdf(arg.report, arg.map);
  },

  async importLayer(_ctx: null, arg: { files: ImportFile[]; target: ImportTarget; options: ImportOptions }) {
    return importLayer(arg.files, arg.target, arg.options);
  },

  /** A file of an undertaking's work done, read into one geometry (progress/import-geometry.ts). */
  async importWorkGeometry(_ctx: null, arg: { bytes: Uint8Array; name: string; from?: string }) {
    return importWorkGeometry(arg.bytes, arg.name, arg.from);
  },
};

export type TaskName = keyof typeof tasks;

export interface TaskMessage {
  id: number;
  task: TaskName;
  ctxKey: string | null;
  ctx?: TownContext;
  arg: unknown;
}

parentPort?.on('message', async (m: TaskMessage) => {
  try {
    if (m.ctx && m.ctxKey) {
      contexts.set(m.ctxKey, m.ctx);
      // A town replaced by an import leaves its old context behind: keep the newest few.
      while (contexts.size > 8) contexts.delete(contexts.keys().next().value!);
    }
    const ctx = m.ctxKey ? contexts.get(m.ctxKey) : null;
    if (m.ctxKey && !ctx) throw new Error(`worker has no context ${m.ctxKey}`);
    const fn = tasks[m.task] as (c: unknown, a: unknown) => unknown;
    const value = await fn(ctx, m.arg);
    parentPort!.postMessage({ id: m.id, ok: true, value });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort?.postMessage({ ready: true });
