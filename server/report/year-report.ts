/**
 * The yearly report to the council, as data: for a chosen year, per goal → undertaking the
 * state at the year's end (or today, for the running year), figures reached against the
 * strategy's targets (the same indicators the API serves) and the year's updates; then a page
 * per district: the updates whose work lies there and the trees planted there. Pure.
 */
import { pointOnFeature } from '@turf/turf';
import type { CityPack } from '../packs/index-pack.ts';
import { goalIndicators, undertakingIndicator } from '../progress/indicators.ts';
import { correctionsOf, indicatorPack, presentUpdate, todayIso } from '../progress/progress-service.ts';
import type { PublicProgressUpdate, UndertakingIndicator } from '../progress/progress-types.ts';
import { effectiveUpdates, stateOn } from '../progress/replay.ts';
import { sumCounts, type CityCounts } from '../queries/progress-source.ts';
import type { ProgressUpdate } from '../store/store.ts';
import type { Geometry } from 'geojson';
import { undertakingsByDistrict } from './report-map-data.ts';

export interface YearReport {
  city: string;
  town: string;
  strategy: string;
  office: string;
  year: number;
  /** The date the state is given for: Dec 31 of the year, or today for the running year. */
  at: string;
  goals: ReportGoal[];
  districts: ReportDistrict[];
  /** Updates of the year that still count (corrected ones are left out, their corrections kept). */
  updateCount: number;
  /** What was built by `at`: each undertaking's latest drawn work (drawn dark green on the maps). */
  built: { undertaking: string; name: string; asOf: string | null; geometry: Geometry }[];
}

export interface ReportGoal {
  code: string;
  name: string;
  share: number | null;
  sharesCounted: number;
  undertakings: ReportUndertaking[];
}

export type ReportUndertaking = UndertakingIndicator & { yearUpdates: PublicProgressUpdate[] };

export interface ReportDistrict {
  id: string;
  name: string;
  updates: (PublicProgressUpdate & { undertakingName: string })[];
  /** Proposals of the tree target's kinds there: planted against the target; accepted and proposed as counted on the report's date. */
  trees: { planted: number; target: number; accepted?: number; proposed?: number } | null;
  /** Each per-district target of the pack (trees) with the proposals' funnel here: the district summary's figures. */
  targets: { id: string; label: string; unit: string; target: number; proposed: number; accepted: number; planted: number }[];
  /** Undertakings whose planned places meet the district or whose work done by `at` lies in it. */
  undertakings: { id: string; name: string; goal: string; status: UndertakingIndicator['status']; share: number | null; builtHere: boolean }[];
}

const pick = ({ accepted, proposed }: { accepted: number; proposed: number }) => ({ accepted, proposed });

/** The date a year's report gives the state for: Dec 31 of the year, or today for the running year. */
export function reportDate(year: number, now = new Date()): string {
  const today = todayIso(now);
  const end = `${year}-12-31`;
  return end < today ? end : today;
}

/** `counts`: the proposals' counts as they stood on reportDate(year) (a past year's report counts nothing planted after it). */
export function buildYearReport(pack: CityPack, updates: readonly ProgressUpdate[], counts: CityCounts, year: number, now = new Date()): YearReport {
  const at = reportDate(year, now);
  const ip = indicatorPack(pack);
  const fixes = correctionsOf(updates);
  const inYear = effectiveUpdates(updates).filter((u) => u.asOf.startsWith(`${year}-`));
  const states = pack.raw.undertakings.map((u) => stateOn(u.id, updates, at));
  const indicators = pack.raw.undertakings.map((u, i) => undertakingIndicator(u, states[i]!, ip, counts, at));
  const built = pack.raw.undertakings.flatMap((u, i) => {
    const g = states[i]!.geometry;
    return g ? [{ undertaking: u.id, name: u.name, asOf: states[i]!.asOf, geometry: g }] : [];
  });
  const districtOf = (g: Geometry) => {
    const [lon, lat] = pointOnFeature({ type: 'Feature', properties: {}, geometry: g }).geometry.coordinates;
    return pack.districtIndex.locate(lon!, lat!);
  };
  const builtIn = new Map(built.map((b) => [b.undertaking, districtOf(b.geometry)]));
  const touching = undertakingsByDistrict(pack);
  const kindsOf = (target: string) => (pack.raw.manifest.proposals?.kinds ?? []).filter((k) => k.target === target).map((k) => k.id);
  const goals = goalIndicators(ip, indicators).map((g): ReportGoal => ({
    code: g.code,
    name: g.name,
    share: g.share,
    sharesCounted: g.sharesCounted,
    undertakings: indicators
      .filter((u) => u.goal === g.code)
      .map((u) => ({ ...u, yearUpdates: inYear.filter((x) => x.undertaking === u.id).map((x) => presentUpdate(x, pack, fixes)) })),
  }));
  const nameOf = (id: string) => pack.raw.undertakings.find((u) => u.id === id)?.name ?? id;
  const treeFigure = indicators.flatMap((u) => u.figures).find((f) => f.from === 'proposals');
  const liveTarget = pack.raw.undertakings.flatMap((u) => u.figures).find((f) => f.target)?.target;
  const treeKinds = (pack.raw.manifest.proposals?.kinds ?? []).filter((k) => k.target === liveTarget).map((k) => k.id);
  const districts = pack.districts.map((d): ReportDistrict => {
    const here = inYear.filter((u) => u.geometry && districtOf(u.geometry) === d.info.id);
    const t = treeFigure?.districts?.find((x) => x.id === d.info.id);
    return {
      id: d.info.id,
      name: d.info.name,
      updates: here.map((u) => ({ ...presentUpdate(u, pack, fixes), undertakingName: nameOf(u.undertaking) })),
      trees: t ? { planted: t.reached, target: t.target, ...pick(sumCounts(counts, treeKinds, [d.info.id])) } : null,
      targets: pack.raw.manifest.targets.map((x) => ({ id: x.id, label: x.label, unit: x.unit, target: x.perDistrict, ...sumCounts(counts, kindsOf(x.id), [d.info.id]) })),
      undertakings: indicators
        .filter((u) => touching.get(d.info.id)?.has(u.id) || builtIn.get(u.id) === d.info.id)
        .map((u) => ({ id: u.id, name: u.name, goal: u.goal, status: u.status, share: u.share, builtHere: builtIn.get(u.id) === d.info.id })),
    };
  });
  return {
    city: pack.id,
    town: pack.raw.manifest.name,
    strategy: pack.raw.manifest.strategy.title,
    office: pack.raw.manifest.office,
    year,
    at,
    goals,
    districts,
    updateCount: inYear.length,
    built,
  };
}
