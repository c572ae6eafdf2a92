/**
 * "What does the strategy bring to this area?" for a district or a drawn polygon:
 * the pure geometry summary plus progress against the pack's per-district targets.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { AreaSummary, DistrictSummary, KindTally, QueryResult, TargetProgress } from '../api-types.ts';
import { runJob, townContext, type Work } from '../work/work.ts';
import { summarizeArea } from '../geo/summarize-area.ts';
import type { CityPack, PackDistrict } from '../packs/index-pack.ts';
import { countsOf } from '../proposals/kind-rules.ts';
import { ZERO, type ProgressCounts, type ProgressSource } from './progress-source.ts';

type Figures = Omit<AreaSummary, 'targets' | 'proposals'>;

/** Every proposal kind of the pack with its counts summed over the given districts. */
async function kindTallies(pack: CityPack, districtIds: string[], progress: ProgressSource): Promise<KindTally[]> {
  const out: KindTally[] = [];
  for (const k of pack.raw.manifest.proposals?.kinds ?? []) {
    const byDistrict: Map<string, ProgressCounts> = (await progress.countsByKind?.(pack.id, k.id)) ?? new Map();
    const sum = { proposed: 0, accepted: 0, planted: 0 };
    for (const id of districtIds) {
      const c = byDistrict.get(id) ?? ZERO;
      sum.proposed += c.proposed;
      sum.accepted += c.accepted;
      sum.planted += c.planted;
    }
    out.push({ kind: k.id, label: k.label, target: k.target ?? null, counts: countsOf(k), ...sum });
  }
  return out;
}

/** District geometry never changes while the server runs, so its figures are computed once. */
const districtFigures = new WeakMap<PackDistrict, Figures>();

export async function summarizeDistrict(pack: CityPack, district: PackDistrict, progress: ProgressSource): Promise<DistrictSummary> {
  let figures = districtFigures.get(district);
  if (!figures) {
    figures = summarizeArea(pack.summaryInput, district.feature.geometry);
    districtFigures.set(district, figures);
  }
  const targets: TargetProgress[] = [];
  for (const t of pack.raw.manifest.targets) {
    const counts = (await progress.progressByDistrict(pack.id, t.id)).get(district.info.id) ?? ZERO;
    targets.push({ id: t.id, label: t.label, unit: t.unit, target: t.perDistrict, ...counts, source: t.source });
  }
  return { district: district.info, ...figures, targets, proposals: await kindTallies(pack, [district.info.id], progress) };
}

/** Summary of an area a resident draws: figures, the districts it overlaps, and progress summed over them. */
export async function summarizeDrawnArea(pack: CityPack, area: Polygon | MultiPolygon, progress: ProgressSource, work: Work, client: string): Promise<QueryResult> {
  const { figures, districts } = await runJob<{ figures: Figures; districts: QueryResult['districts'] }>(work, client, 'geometry', 'summarize', { area }, {
    ctx: townContext(pack),
    timeMs: work.config.WORKER_TIME_MS,
  });
  // Targets are set per district, so a drawn area has none of its own (target null); its counts
  // are those of the overlapped districts as a whole.
  const targets: TargetProgress[] = [];
  for (const t of pack.raw.manifest.targets) {
    const byDistrict = await progress.progressByDistrict(pack.id, t.id);
    const sum = { proposed: 0, accepted: 0, planted: 0 };
    for (const d of districts) {
      const c = byDistrict.get(d.id) ?? ZERO;
      sum.proposed += c.proposed;
      sum.accepted += c.accepted;
      sum.planted += c.planted;
    }
    targets.push({ id: t.id, label: t.label, unit: t.unit, target: null, ...sum, source: t.source });
  }
  return { ...figures, districts, targets, proposals: await kindTallies(pack, districts.map((d) => d.id), progress) };
}
