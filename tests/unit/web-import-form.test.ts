import { describe, expect, it } from 'vitest';
import { TARGETS } from '../../server/import/map-properties.ts';
import { epsgFromName } from '../../server/import/crs.ts';
import { StrategyFeatureProps, ContextFeatureProps } from '../../server/packs/schema.ts';
import {
  CRS_CHOICES,
  IMPORT_REQUIRED,
  IMPORT_TARGETS,
  MAX_UPLOAD_BYTES,
  emptyRow,
  formProblems,
  importParams,
  reportPage,
  withRequiredRows,
  type ImportFormState,
} from '../../web/import/import-form.ts';

const form = (patch: Partial<ImportFormState> = {}): ImportFormState => ({ layer: 'parks', from: '', mode: 'replace', rows: [emptyRow()], ...patch });
const file = { size: 1000 };

describe('the import form', () => {
  it('offers the properties and coordinate systems the server takes', () => {
    expect(IMPORT_TARGETS).toEqual(TARGETS);
    for (const c of CRS_CHOICES) if (c) expect(epsgFromName(c), c).not.toBeNull();
    expect(CRS_CHOICES).toEqual(expect.arrayContaining(['', 'EPSG:2180', 'EPSG:2176', 'EPSG:2177', 'EPSG:2178', 'EPSG:2179', 'EPSG:3857']));
  });

  it('suggests a row for each property the pack schema requires', () => {
    const required = (schema: typeof StrategyFeatureProps | typeof ContextFeatureProps) =>
      Object.entries(schema.shape)
        .filter(([k, v]) => k !== 'id' && !v.safeParse(undefined).success)
        .flatMap(([k]) => (k === 'source' ? ['source.document', 'source.section'] : [k]))
        .sort();
    expect([...IMPORT_REQUIRED.strategy].sort()).toEqual(required(StrategyFeatureProps));
    expect([...IMPORT_REQUIRED.context].sort()).toEqual(required(ContextFeatureProps));
    const rows = withRequiredRows([emptyRow(), { kind: 'map', target: 'goals', value: 'CELE' }], 'strategy');
    expect(rows.map((r) => [r.kind, r.target, r.value])).toEqual([
      ['map', 'goals', 'CELE'],
      ['map', 'name', ''],
      ['map', 'description', ''],
      ['set', 'status', ''],
      ['set', 'accuracy', ''],
      ['set', 'source.document', ''],
      ['set', 'source.section', ''],
    ]);
  });

  it('says what is missing before sending anything', () => {
    expect(formProblems(form({ layer: '' }), null, null)).toEqual([{ code: 'no-layer' }, { code: 'no-file' }]);
    expect(formProblems(form(), { size: 0 }, 'strategy')).toEqual([{ code: 'empty-file' }]);
    expect(formProblems(form(), { size: MAX_UPLOAD_BYTES + 1 }, 'strategy')).toEqual([{ code: 'too-large', bytes: MAX_UPLOAD_BYTES + 1 }]);
    expect(formProblems(form(), { size: MAX_UPLOAD_BYTES }, 'strategy')).toEqual([]);
  });

  it('checks the mapping rows: complete, a property of the layer, each once per kind; blank rows are ignored', () => {
    const rows = [
      { kind: 'map', target: 'name', value: 'NAZWA' },
      emptyRow(),
      { kind: 'map', target: 'description', value: ' ' },
      { kind: 'map', target: 'ref', value: 'NR' },
      { kind: 'map', target: 'name', value: 'NAME' },
      { kind: 'set', target: 'name', value: 'bez nazwy' },
    ] as const;
    expect(formProblems(form({ rows: [...rows] }), file, 'strategy')).toEqual([
      { code: 'row-incomplete', row: 3 },
      { code: 'row-target', row: 4, target: 'ref' },
      { code: 'row-duplicate', row: 5, target: 'name' },
    ]);
    // "ref" is fine on a context layer
    expect(formProblems(form({ rows: [rows[3]] }), file, 'context')).toEqual([]);
  });

  it('builds the upload query: layer, file name, mode, from, map= and set= as property=value', () => {
    const params = importParams(
      form({
        from: 'EPSG:2180',
        mode: 'append',
        rows: [{ kind: 'map', target: 'name', value: ' NAZWA ' }, emptyRow(), { kind: 'set', target: 'goals', value: 'II.1,IV.3' }],
      }),
      'parki ąę.geojson',
    );
    expect(params).toEqual([
      ['layer', 'parks'],
      ['name', 'parki ąę.geojson'],
      ['mode', 'append'],
      ['from', 'EPSG:2180'],
      ['map', 'name=NAZWA'],
      ['set', 'goals=II.1,IV.3'],
    ]);
    expect(new URLSearchParams(params).toString()).toBe('layer=parks&name=parki+%C4%85%C4%99.geojson&mode=append&from=EPSG%3A2180&map=name%3DNAZWA&set=goals%3DII.1%2CIV.3');
    expect(importParams(form(), 'a.kml')).toEqual([
      ['layer', 'parks'],
      ['name', 'a.kml'],
    ]);
  });
});

describe('the report table', () => {
  const items = [
    ...Array.from({ length: 60 }, (_, i) => ({ status: 'accepted' as const, n: i })),
    { status: 'refused' as const, n: 100 },
    { status: 'repaired' as const, n: 101 },
    { status: 'refused' as const, n: 102 },
  ];

  it('shows refused first, then repaired, then accepted, in file order within each, a page at a time', () => {
    const p1 = reportPage(items, 'all', 0, 50);
    expect(p1.items.slice(0, 4).map((i) => i.n)).toEqual([100, 102, 101, 0]);
    expect(p1).toMatchObject({ page: 0, pages: 2, from: 1, to: 50, total: 63 });
    const p2 = reportPage(items, 'all', 1, 50);
    expect(p2).toMatchObject({ page: 1, pages: 2, from: 51, to: 63, total: 63 });
    expect(p2.items.at(-1)!.n).toBe(59);
  });

  it('filters by status and clamps the page', () => {
    expect(reportPage(items, 'refused', 5, 50)).toMatchObject({ page: 0, pages: 1, from: 1, to: 2, total: 2 });
    expect(reportPage([], 'all', 0, 50)).toMatchObject({ items: [], page: 0, pages: 1, from: 0, to: 0, total: 0 });
  });
});
