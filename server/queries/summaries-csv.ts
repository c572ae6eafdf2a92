/** District summaries as a CSV a spreadsheet opens with Polish letters intact (UTF-8 with BOM). */
import type { DistrictSummary } from '../api-types.ts';
import { csvCell } from '../proposals/present.ts';

/** One row per district: area, km of each route layer, ha and share of each area layer, target progress. */
export function summariesCsv(summaries: DistrictSummary[]): string {
  const first = summaries[0];
  if (!first) return '\ufeffdistrict_id,district\r\n';
  const routeLayers = first.routes.map((r) => ({ id: r.layer, title: r.layerTitle }));
  const areaLayers = [...new Map(summaries.flatMap((s) => s.coverage.map((c) => [c.layer, c.layerTitle] as const))).entries()];
  const header = [
    'district_id',
    'district',
    'area_km2',
    'population',
    ...routeLayers.map((r) => `${r.id}_km`),
    ...areaLayers.flatMap(([id]) => [`${id}_ha`, `${id}_share`]),
    ...first.targets.flatMap((t) => [`${t.id}_target`, `${t.id}_proposed`, `${t.id}_accepted`, `${t.id}_planted`]),
    'undertakings',
    'accuracy',
  ];
  const rows = summaries.map((s) => {
    const cov = new Map(s.coverage.map((c) => [c.layer, c]));
    return [
      s.district.id,
      s.district.name,
      s.district.areaKm2.toFixed(3),
      s.district.population,
      ...routeLayers.map((r) => (s.routes.find((x) => x.layer === r.id)?.km ?? 0).toFixed(3)),
      ...areaLayers.flatMap(([id]) => [(cov.get(id)?.areaHa ?? 0).toFixed(2), (cov.get(id)?.share ?? 0).toFixed(4)]),
      ...s.targets.flatMap((t) => [t.target, t.proposed, t.accepted, t.planted]),
      s.undertakings.map((u) => u.name).join('; '),
      s.district.accuracy,
    ].map((v) => csvCell(v === null || v === undefined ? null : typeof v === 'number' ? v : String(v)));
  });
  return `\ufeff${[header.join(','), ...rows.map((r) => r.join(','))].join('\r\n')}\r\n`;
}
