/**
 * Indicators against the strategy's targets: per undertaking, each declared figure with the
 * value reached (from the replayed updates, or — for a figure that is a manifest target such as
 * trees per district — counted live from planted proposals), and per goal the mean share. Pure.
 */
import { area, length } from '@turf/turf';
import type { Feature, Geometry } from 'geojson';
import type { Goals, Manifest, Undertaking } from '../packs/schema.ts';
import type { CityCounts } from '../queries/progress-source.ts';
import type { FigureIndicator, GoalIndicator, UndertakingIndicator, UndertakingState } from './progress-types.ts';

export interface IndicatorPack {
  manifest: Pick<Manifest, 'targets' | 'proposals'>;
  goals: Goals;
  undertakings: Undertaking[];
  districts: { id: string; name: string }[];
}

/** The declared figures that carry an id, one per id (a range's two ends folded into one). */
export function trackedFigures(u: Undertaking): { id: string; label: string; unit: string; target: number; targetMax?: number; qualifier?: string; liveTarget?: string }[] {
  const out: ReturnType<typeof trackedFigures> = [];
  for (const f of u.figures) {
    if (!f.id) continue;
    const seen = out.find((o) => o.id === f.id);
    if (seen) {
      // The other end of a range: the lower end is the target, the upper one is kept beside it.
      const lo = Math.min(seen.target, f.value);
      const hi = Math.max(seen.target, f.value);
      Object.assign(seen, { target: lo, targetMax: hi, qualifier: 'range' });
      continue;
    }
    out.push({ id: f.id, label: f.label, unit: f.unit, target: f.value, ...(f.qualifier ? { qualifier: f.qualifier } : {}), ...(f.target ? { liveTarget: f.target } : {}) });
  }
  return out;
}

const share = (reached: number | null, target: number) => (reached === null || target <= 0 ? null : reached / target);

/**
 * A figure counted from planted proposals. The strategy declares it per district ("1000 trees in
 * each district"): that declared figure stays the target, each district is reckoned against it,
 * and the town's total target is given apart, marked as computed (districts × declared figure).
 */
function liveFigure(f: ReturnType<typeof trackedFigures>[number], pack: IndicatorPack, counts: CityCounts, asOf: string): FigureIndicator {
  const kinds = (pack.manifest.proposals?.kinds ?? []).filter((k) => k.target === f.liveTarget).map((k) => k.id);
  const perDistrict = pack.manifest.targets.find((t) => t.id === f.liveTarget)?.perDistrict ?? f.target;
  const districts = pack.districts.map((d) => {
    const reached = kinds.reduce((s, k) => s + (counts.get(k)?.get(d.id)?.planted ?? 0), 0);
    return { id: d.id, name: d.name, reached, target: perDistrict, share: share(reached, perDistrict) ?? 0 };
  });
  const reached = districts.reduce((s, d) => s + d.reached, 0);
  const total = perDistrict * districts.length;
  return {
    id: f.id,
    label: f.label,
    unit: f.unit,
    target: perDistrict,
    ...(f.qualifier ? { qualifier: f.qualifier } : {}),
    per: 'district',
    computedTarget: { value: total, basis: `${districts.length} × ${perDistrict}`, districts: districts.length },
    reached,
    reachedAsOf: asOf,
    share: share(reached, total),
    from: 'proposals',
    targetId: f.liveTarget,
    districts,
  };
}

/** What the drawn geometry of the work done measures: km of lines, ha of areas. */
export function measureGeometry(g: Geometry | null): UndertakingIndicator['measured'] {
  if (!g) return null;
  const f: Feature = { type: 'Feature', properties: {}, geometry: g };
  if (g.type === 'LineString' || g.type === 'MultiLineString') return { lengthKm: Math.round(length(f, { units: 'kilometers' }) * 1000) / 1000 };
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') return { areaHa: Math.round(area(f) / 100) / 100 };
  return null;
}

/** `countsAsOf`: the date the live counts describe (the date asked for, at most today). */
export function undertakingIndicator(u: Undertaking, state: UndertakingState, pack: IndicatorPack, counts: CityCounts, countsAsOf: string): UndertakingIndicator {
  const figures: FigureIndicator[] = trackedFigures(u).map((f) => {
    if (f.liveTarget) return liveFigure(f, pack, counts, countsAsOf);
    const v = state.values[f.id];
    const reached = v ? v.value : null;
    return {
      id: f.id,
      label: f.label,
      unit: f.unit,
      target: f.target,
      ...(f.targetMax !== undefined ? { targetMax: f.targetMax } : {}),
      ...(f.qualifier ? { qualifier: f.qualifier } : {}),
      reached,
      reachedAsOf: v?.asOf ?? null,
      share: share(reached, f.target),
      from: 'progress',
    };
  });
  return {
    id: u.id,
    name: u.name,
    goal: u.goal,
    status: state.status,
    asOf: state.asOf,
    figures,
    share: figures.find((f) => f.share !== null)?.share ?? null,
    measured: measureGeometry(state.geometry),
  };
}

export function goalIndicators(pack: IndicatorPack, undertakings: UndertakingIndicator[]): GoalIndicator[] {
  return pack.goals.strategic.map((g) => {
    const mine = undertakings.filter((u) => u.goal === g.code);
    const statuses: GoalIndicator['statuses'] = {};
    for (const u of mine) statuses[u.status] = (statuses[u.status] ?? 0) + 1;
    const shares = mine.flatMap((u) => (u.share === null ? [] : [u.share]));
    return {
      code: g.code,
      name: g.name,
      undertakings: mine.map((u) => u.id),
      statuses,
      share: shares.length ? shares.reduce((a, b) => a + b, 0) / shares.length : null,
      sharesCounted: shares.length,
    };
  });
}
