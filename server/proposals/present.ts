/** How proposals leave the server: GeoJSON features for maps, CSV rows for spreadsheets. */
import type { Feature, Geometry } from 'geojson';
import type { ProposalFeatureProps } from '../api-types.ts';
import type { RawPack } from '../packs/types.ts';
import { geometryJson, geometryType, type ActorRef, type Proposal } from '../store/store.ts';

/** What presenting a proposal needs from its pack: the species list and the kinds' labels. */
export type PresentPack = Pick<RawPack, 'species' | 'manifest'>;

/** The label of a kind in the pack's language; the id itself for a kind the pack no longer lists. */
export function kindLabel(pack: PresentPack, kind: string): string {
  return pack.manifest.proposals?.kinds.find((k) => k.id === kind)?.label ?? kind;
}

/**
 * How an actor is named in public (history, author, OGC, exports): a resident by nickname, a
 * planner or admin by the office's name only, never by login.
 */
export function publicName(actor: ActorRef, pack: PresentPack): string {
  return actor.kind === 'resident' ? actor.name : pack.manifest.office ?? 'Urząd';
}

export function proposalFeature(p: Proposal, pack: PresentPack, supportedByMe?: boolean): Feature<Geometry, ProposalFeatureProps> {
  return { type: 'Feature', id: p.id, geometry: p.geometry, properties: proposalProps(p, pack, supportedByMe) };
}

/** The same Feature as JSON text, with the stored geometry text passed through unparsed. */
export function proposalFeatureJson(p: Proposal, pack: PresentPack, supportedByMe?: boolean, byMe?: boolean): string {
  const props = proposalProps(p, pack, supportedByMe);
  return `{"type":"Feature","id":${JSON.stringify(p.id)},"geometry":${geometryJson(p)},"properties":${JSON.stringify(byMe === undefined ? props : { ...props, byMe })}}`;
}

function proposalProps(p: Proposal, pack: PresentPack, supportedByMe?: boolean): ProposalFeatureProps {
  const sp = pack.species.find((s) => s.id === p.species);
  return {
    id: p.id,
    number: p.number,
    kind: p.kind,
    kindLabel: kindLabel(pack, p.kind),
    status: p.status,
    reason: p.reason,
    district: p.district,
    species: p.species,
    speciesPl: sp?.pl ?? null,
    speciesLatin: sp?.latin ?? null,
    count: p.count,
    note: p.note,
    supports: p.supports,
    supportsConfirmed: p.supportsConfirmed,
    author: publicName(p.author, pack),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    ...(supportedByMe === undefined ? {} : { supportedByMe }),
  };
}

const CSV_COLUMNS = ['id', 'number', 'kind', 'kind_label', 'status', 'district', 'species', 'species_pl', 'species_latin', 'count', 'supports', 'lon', 'lat', 'geometry_type', 'author', 'created_at', 'updated_at', 'note', 'reason'] as const;

/** The CSV's first line: a BOM so spreadsheet programs show Polish letters, then the column names. */
export function csvHeader(): string {
  return `\ufeff${CSV_COLUMNS.join(',')}\r\n`;
}

/** CSV lines for these proposals (each ending in CRLF); formula-like cells are defused. */
export function csvRows(rows: Proposal[], pack: PresentPack): string {
  const lines: string[] = [];
  for (const p of rows) {
    const sp = pack.species.find((s) => s.id === p.species);
    const values: Record<(typeof CSV_COLUMNS)[number], string | number | null> = {
      id: p.id,
      number: p.number,
      kind: p.kind,
      kind_label: kindLabel(pack, p.kind),
      status: p.status,
      district: p.district,
      species: p.species,
      species_pl: sp?.pl ?? '',
      species_latin: sp?.latin ?? '',
      count: p.count,
      supports: p.supports,
      lon: p.lon.toFixed(6),
      lat: p.lat.toFixed(6),
      geometry_type: geometryType(p),
      author: publicName(p.author, pack),
      created_at: p.createdAt,
      updated_at: p.updatedAt,
      note: p.note,
      reason: p.reason,
    };
    lines.push(`${CSV_COLUMNS.map((c) => csvCell(values[c])).join(',')}\r\n`);
  }
  return lines.join('');
}

/** The whole CSV at once (tests and small exports). */
export function proposalsCsv(rows: Proposal[], pack: PresentPack): string {
  return csvHeader() + csvRows(rows, pack);
}

export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  // A cell starting with = + - @ (or a tab or CR before one) would run as a formula in a
  // spreadsheet (CSV injection): prefixed with an apostrophe, which shows it as text.
  if (typeof v === 'string' && /^[\s]*[=+\-@]|^[\t\r]/.test(s)) s = `'${s}`;
  // Quoted when it holds a separator of either convention (Polish spreadsheets split on ";"),
  // a quote or a line break, so no part of it can become a cell of its own.
  return /[",;\r\n\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
