/**
 * The yearly report's data as CSV (UTF-8 with BOM, so spreadsheets read Polish letters): one row
 * per figure (a per-district target: the declared figure as target, the town's computed total
 * apart in target_computed, then one row per district), then one per update of the year.
 */
import { csvCell } from '../proposals/present.ts';
import type { YearReport } from './year-report.ts';

const HEADER = ['section', 'goal', 'undertaking_id', 'undertaking', 'status', 'figure_id', 'figure', 'unit', 'target', 'target_max', 'reached', 'share', 'as_of', 'source', 'update_id', 'note', 'author', 'target_per', 'target_computed', 'target_computed_basis', 'district_id', 'district'];

/** One cell, quoted and defused as the proposals' CSV is (one rule for every download). */
const cell = (v: unknown): string => csvCell(v === null || v === undefined ? null : typeof v === 'number' ? v : String(v));

export function reportCsv(r: YearReport): string {
  const rows: unknown[][] = [HEADER];
  for (const g of r.goals) {
    for (const u of g.undertakings) {
      if (!u.figures.length) rows.push(['undertaking', g.code, u.id, u.name, u.status, '', '', '', '', '', '', u.share, u.asOf, '', '', '', '']);
      for (const f of u.figures) {
        const c = f.computedTarget;
        rows.push(['figure', g.code, u.id, u.name, u.status, f.id, f.label, f.unit, f.target, f.targetMax ?? '', f.reached, f.share, f.reachedAsOf, f.from, '', '', '', f.per ?? '', c?.value ?? '', c?.basis ?? '']);
        if (f.per !== 'district') continue;
        for (const d of f.districts ?? []) rows.push(['figure-district', g.code, u.id, u.name, u.status, f.id, f.label, f.unit, d.target, '', d.reached, d.share, f.reachedAsOf, f.from, '', '', '', 'district', '', '', d.id, d.name]);
      }
    }
  }
  for (const g of r.goals) {
    for (const u of g.undertakings) {
      for (const up of u.yearUpdates) {
        rows.push(['update', g.code, u.id, u.name, up.status, Object.keys(up.values).join('; '), '', '', '', '', Object.values(up.values).join('; '), '', up.asOf, 'progress', up.id, up.note, up.author]);
      }
    }
  }
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
