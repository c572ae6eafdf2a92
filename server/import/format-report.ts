/**
 * The import report as lines of text for a terminal: the files read, one line per repaired or
 * refused feature (and per accepted one when verbose), warnings, and the totals.
 */
import type { ImportReport, ReportItem } from './import-layer.ts';

const MARK: Record<ReportItem['status'], string> = { accepted: '✓', repaired: '~', refused: '✗', skipped: '–' };

/**
 * @example
 * formatReport(report, { kind: 'area', role: 'strategy' }).forEach((l) => console.log(l));
 */
export function formatReport(report: ImportReport, layer: { kind: string; role: string }, options: { verbose?: boolean; maxLines?: number } = {}): string[] {
  const head = layer.role === 'boundary' ? `Import into ${report.city} / boundary.geojson (the town boundary)` : `Import into ${report.city} / ${report.layer} (${layer.role} layer, kind ${layer.kind}), ${report.mode}`;
  const lines: string[] = [head];
  for (const f of report.files) {
    lines.push(`  ${f.name}: ${f.format}, ${f.features} feature${f.features === 1 ? '' : 's'}, ${f.crs}`);
    for (const note of f.notes) lines.push(`    ${note}`);
  }
  const max = options.verbose ? Infinity : (options.maxLines ?? 200);
  for (const status of ['accepted', 'repaired', 'skipped', 'refused'] as const) {
    if ((status === 'accepted' || status === 'skipped') && !options.verbose) continue;
    const items = report.items.filter((i) => i.status === status);
    for (const item of items.slice(0, max)) lines.push(itemLine(item));
    if (items.length > max) lines.push(`  … and ${items.length - max} more ${status} (--verbose lists all)`);
  }
  for (const w of report.warnings) lines.push(`Warning: ${w}`);
  const skipped = report.skipped ? `, skipped ${report.skipped}${options.verbose ? '' : ' (--verbose lists them)'}` : '';
  lines.push(`Accepted ${report.accepted}, repaired ${report.repaired}, refused ${report.refused}${skipped} of ${report.total} feature${report.total === 1 ? '' : 's'}.`);
  return lines;
}

function itemLine(item: ReportItem): string {
  const head = `  ${MARK[item.status]} ${item.id ?? '(no id)'}  ${item.source}`;
  const parts: string[] = [];
  if (item.repairs.length) parts.push(`repaired: ${item.repairs.join('; ')}`);
  if (item.reason) parts.push(`${item.status === 'skipped' ? 'skipped' : 'refused'}: ${item.reason}`);
  return parts.length ? `${head} — ${parts.join(' — ')}` : head;
}
