/**
 * The yearly report to the council, as data: for a chosen year, per goal → undertaking the
 * state at the year's end (or today, for the running year), figures reached against the
 * strategy's targets (the same indicators the API serves) and the year's updates; then a page
 * per district: the updates whose work lies there and the trees planted there. Pure.
 */
import { pointOnFeature } from '@turf/turf';
import type { CityPack } from '../packs/index-pack.ts';
import { goalIndicators, undertakingIndicator } from '../progress/indicators.ts';
import { indicatorPack, presentUpdate, todayIso } from '../progress/progress-service.ts';
import type { PublicProgressUpdate, UndertakingIndicator } from '../progress/progress-types.ts';
import { effectiveUpdates, stateOn } from '../progress/replay.ts';
import { sumCounts, type CityCounts } from '../queries/progress-source.ts';
import type { ProgressUpdate } from '../store/store.ts';

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
  /** Proposals of the tree target's kinds there: planted against the target; accepted and proposed as counted now. */
  trees: { planted: number; target: number; accepted?: number; proposed?: number } | null;
}

const pick = ({ accepted, proposed }: { accepted: number; proposed: number }) => ({ accepted, proposed });

export function buildYearReport(pack: CityPack, updates: readonly ProgressUpdate[], counts: CityCounts, year: number, now = new Date()): YearReport {
  const today = todayIso(now);
  const end = `${year}-12-31`;
  const at = end < today ? end : today;
  const ip = indicatorPack(pack);
  const inYear = effectiveUpdates(updates).filter((u) => u.asOf.startsWith(`${year}-`));
  const indicators = pack.raw.undertakings.map((u) => undertakingIndicator(u, stateOn(u.id, updates, at), ip, counts, today));
  const goals = goalIndicators(ip, indicators).map((g): ReportGoal => ({
    code: g.code,
    name: g.name,
    share: g.share,
    sharesCounted: g.sharesCounted,
    undertakings: indicators
      .filter((u) => u.goal === g.code)
      .map((u) => ({ ...u, yearUpdates: inYear.filter((x) => x.undertaking === u.id).map((x) => presentUpdate(x, pack, updates)) })),
  }));
  const nameOf = (id: string) => pack.raw.undertakings.find((u) => u.id === id)?.name ?? id;
  const treeFigure = indicators.flatMap((u) => u.figures).find((f) => f.from === 'proposals');
  const liveTarget = pack.raw.undertakings.flatMap((u) => u.figures).find((f) => f.target)?.target;
  const treeKinds = (pack.raw.manifest.proposals?.kinds ?? []).filter((k) => k.target === liveTarget).map((k) => k.id);
  const districts = pack.districts.map((d): ReportDistrict => {
    const here = inYear.filter((u) => {
      if (!u.geometry) return false;
      const [lon, lat] = pointOnFeature({ type: 'Feature', properties: {}, geometry: u.geometry }).geometry.coordinates;
      return pack.districtIndex.locate(lon!, lat!) === d.info.id;
    });
    const t = treeFigure?.districts?.find((x) => x.id === d.info.id);
    return {
      id: d.info.id,
      name: d.info.name,
      updates: here.map((u) => ({ ...presentUpdate(u, pack, updates), undertakingName: nameOf(u.undertaking) })),
      trees: t ? { planted: t.reached, target: t.target, ...pick(sumCounts(counts, treeKinds, [d.info.id])) } : null,
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
  };
}
