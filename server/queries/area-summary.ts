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
import { sumCounts, type CityCounts, type ProgressCounts } from './progress-source.ts';
import type { ProposalStore } from '../store/store.ts';
import { refuse } from '../http/api-error.ts';

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

/** Proposals a drawn area counts at most (read from its box, then tested against its outline in a worker). */
export const MAX_AREA_PROPOSALS = 200_000;

/** Summary of an area a resident draws: figures, the districts it overlaps, and the proposals inside it. */
export async function summarizeDrawnArea(pack: CityPack, area: Polygon | MultiPolygon, store: Pick<ProposalStore, 'livePointsInBox'>, work: Work, client: string): Promise<QueryResult> {
  const box = bboxOf(area);
  const live = (pack.raw.manifest.proposals?.kinds.length ?? 0) > 0 ? await store.livePointsInBox(pack.id, box, MAX_AREA_PROPOSALS) : [];
  if (live.length > MAX_AREA_PROPOSALS) {
    refuse(422, 'area-too-busy', { max: MAX_AREA_PROPOSALS, field: 'geometry' });
  }
  const points = new Float64Array(live.length * 2);
  live.forEach((p, i) => {
    points[2 * i] = p.lon;
    points[2 * i + 1] = p.lat;
  });
  const { figures, districts, inside } = await runJob<{ figures: Figures; districts: QueryResult['districts']; inside: Uint8Array | null }>(work, client, 'geometry', 'summarize', { area, points }, {
    ctx: townContext(pack),
    timeMs: work.config.WORKER_TIME_MS,
  });
  // The area's own counts (by each proposal's representative point), not its districts' totals.
  const byKind = new Map<string, ProgressCounts>();
  live.forEach((p, i) => {
    if (!inside?.[i]) return;
    let c = byKind.get(p.kind);
    if (!c) byKind.set(p.kind, (c = { proposed: 0, accepted: 0, planted: 0 }));
    c.proposed += p.count;
    if (p.status === 'accepted' || p.status === 'planted') c.accepted += p.count;
    if (p.status === 'planted') c.planted += p.count;
  });
  const sum = (kinds: string[]) => {
    const t = { proposed: 0, accepted: 0, planted: 0 };
    for (const k of kinds) {
      const c = byKind.get(k);
      if (c) (t.proposed += c.proposed), (t.accepted += c.accepted), (t.planted += c.planted);
    }
    return t;
  };
  // Targets are set per district, so a drawn area has none of its own (target null).
  const targets: TargetProgress[] = pack.raw.manifest.targets.map((t) => ({ id: t.id, label: t.label, unit: t.unit, target: null, ...sum(kindsOf(pack, t.id)), source: t.source }));
  const proposals: KindTally[] = (pack.raw.manifest.proposals?.kinds ?? []).map((k) => ({ kind: k.id, label: k.label, target: k.target ?? null, counts: countsOf(k), ...sum([k.id]) }));
  return { ...figures, districts, targets, proposals };
}

function bboxOf(area: Polygon | MultiPolygon): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const poly of area.type === 'Polygon' ? [area.coordinates] : area.coordinates) {
    for (const [x, y] of poly[0] ?? []) {
      w = Math.min(w, x!);
      e = Math.max(e, x!);
      s = Math.min(s, y!);
      n = Math.max(n, y!);
    }
  }
  return [w, s, e, n];
}
