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
import { sumCounts, type CityCounts, type ProgressSource } from './progress-source.ts';

type Figures = Omit<AreaSummary, 'targets' | 'proposals'>;

/** Every proposal kind of the pack with its counts summed over the given districts. */
function kindTallies(pack: CityPack, districtIds: string[], counts: CityCounts): KindTally[] {
  return (pack.raw.manifest.proposals?.kinds ?? []).map((k) => ({
    kind: k.id,
    label: k.label,
    target: k.target ?? null,
    counts: countsOf(k),
    ...sumCounts(counts, [k.id], districtIds),
  }));
}

/** The proposal kinds that count towards a target (e.g. every tree kind towards "trees"). */
function kindsOf(pack: CityPack, targetId: string): string[] {
  return (pack.raw.manifest.proposals?.kinds ?? []).filter((k) => k.target === targetId).map((k) => k.id);
}

/** District geometry never changes while the server runs, so its figures are computed once. */
const districtFigures = new WeakMap<PackDistrict, Figures>();

/** One district's summary; `counts` is the city's, read once for however many districts are summarised. */
export function summarizeDistrict(pack: CityPack, district: PackDistrict, counts: CityCounts): DistrictSummary {
  let figures = districtFigures.get(district);
  if (!figures) {
    figures = summarizeArea(pack.summaryInput, district.feature.geometry);
    districtFigures.set(district, figures);
  }
  const ids = [district.info.id];
  const targets: TargetProgress[] = pack.raw.manifest.targets.map((t) => ({
    id: t.id,
    label: t.label,
    unit: t.unit,
    target: t.perDistrict,
    ...sumCounts(counts, kindsOf(pack, t.id), ids),
    source: t.source,
  }));
  return { district: district.info, ...figures, targets, proposals: kindTallies(pack, ids, counts) };
}

/** Summary of an area a resident draws: figures, the districts it overlaps, and progress summed over them. */
export async function summarizeDrawnArea(pack: CityPack, area: Polygon | MultiPolygon, progress: ProgressSource, work: Work, client: string): Promise<QueryResult> {
  const { figures, districts } = await runJob<{ figures: Figures; districts: QueryResult['districts'] }>(work, client, 'geometry', 'summarize', { area }, {
    ctx: townContext(pack),
    timeMs: work.config.WORKER_TIME_MS,
  });
  // Targets are set per district, so a drawn area has none of its own (target null); its counts
  // are those of the overlapped districts as a whole.
  const counts = await progress.cityCounts(pack.id);
  const ids = districts.map((d) => d.id);
  const targets: TargetProgress[] = pack.raw.manifest.targets.map((t) => ({
    id: t.id,
    label: t.label,
    unit: t.unit,
    target: null,
    ...sumCounts(counts, kindsOf(pack, t.id), ids),
    source: t.source,
  }));
  return { ...figures, districts, targets, proposals: kindTallies(pack, ids, counts) };
}
