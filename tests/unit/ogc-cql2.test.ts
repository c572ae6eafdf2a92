import { describe, expect, it } from 'vitest';
import { bindFilter, evaluate, likeRegExp } from '../../server/ogcapi/cql2/bind.ts';
import { CQL_MAX_LENGTH, CQL_MAX_NODES, CqlError, parseCql2Text } from '../../server/ogcapi/cql2/parse.ts';
import { CRS84_CRS, bboxToLonLat, crsFromParam } from '../../server/ogcapi/crs.ts';
import { columnName, flatten } from '../../server/ogcapi/flat-properties.ts';
import { parseDatetime } from '../../server/ogcapi/items-query.ts';
import { negotiate } from '../../server/ogcapi/negotiate.ts';
import type { Field } from '../../server/ogcapi/flat-properties.ts';

const fields: Field[] = [
  { name: 'name', type: 'string' },
  { name: 'n', type: 'integer' },
  { name: 'at', type: 'string', format: 'date-time' },
  { name: 'maybe', type: 'string' },
];
const run = (text: string, props: Record<string, string | number | null>, geometry: GeoJSON.Geometry | null = null) => evaluate(bindFilter(parseCql2Text(text), fields, CRS84_CRS), props, geometry);
const errorOf = (text: string) => {
  try {
    bindFilter(parseCql2Text(text), fields, CRS84_CRS);
  } catch (e) {
    return e as CqlError;
  }
  throw new Error(`no error for ${text}`);
};

describe('CQL2 text parser', () => {
  it('parses precedence: NOT binds tighter than AND, AND tighter than OR', () => {
    expect(parseCql2Text("a = 1 OR b = 2 AND NOT c = 3")).toMatchObject({ t: 'or', args: [{ t: 'cmp' }, { t: 'and', args: [{ t: 'cmp' }, { t: 'not' }] }] });
    expect(parseCql2Text('(a = 1 OR b = 2) AND c = 3')).toMatchObject({ t: 'and', args: [{ t: 'or' }, { t: 'cmp' }] });
  });

  it('reads WKT and BBOX literals, negative numbers and escaped quotes', () => {
    expect(parseCql2Text('S_INTERSECTS(geometry, POINT(-1.5 2))')).toMatchObject({ t: 'intersects', b: { t: 'geom', geometry: { type: 'Point', coordinates: [-1.5, 2] } } });
    expect(parseCql2Text('S_INTERSECTS(geometry, BBOX(0, 0, 1, 1))')).toMatchObject({ b: { geometry: { type: 'Polygon' } } });
    expect(parseCql2Text('S_INTERSECTS(geometry, MULTIPOINT((1 2), (3 4)))')).toMatchObject({ b: { geometry: { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] } } });
    expect(parseCql2Text("name = 'O''Brien'")).toMatchObject({ right: { t: 'str', value: "O'Brien" } });
  });

  it('names the 1-based position of what is wrong', () => {
    const cases: [string, number, RegExp][] = [
      ["name = 'x' AND", 15, /expected/],
      ['name == 1', 7, /expected a property name, a number/],
      ["name = 'x", 8, /unterminated string/],
      ['name = 1 )', 10, /AND, OR or the end/],
      ['name ~ 1', 6, /unexpected character "~"/],
      ["at > TIMESTAMP('yesterday')", 16, /RFC 3339/],
      ['S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 0.5)))', 32, /must end where it starts/],
      ['BBOX(1,2,3,4)', 1, /expected a property name/],
    ];
    for (const [text, pos, re] of cases) {
      let err: CqlError | null = null;
      try {
        parseCql2Text(text);
      } catch (e) {
        err = e as CqlError;
      }
      expect(err, text).toBeInstanceOf(CqlError);
      expect(err!.position, text).toBe(pos);
      expect(err!.message, text).toMatch(re);
    }
  });

  it('caps length and term count', () => {
    expect(() => parseCql2Text(`name = '${'x'.repeat(CQL_MAX_LENGTH)}'`)).toThrow(/longer than/);
    expect(() => parseCql2Text(Array.from({ length: CQL_MAX_NODES + 1 }, () => 'n = 1').join(' OR '))).toThrow(/more than 300 terms/);
    expect(() => parseCql2Text(`${'NOT '.repeat(CQL_MAX_NODES + 1)}n = 1`)).toThrow(/more than 300 terms/);
  });

  it('checks names and types against the queryables', () => {
    expect(errorOf("colour = 'x'").message).toMatch(/unknown property "colour"; queryables: name, n, at, maybe, geometry/);
    expect(errorOf("n = 'x'").message).toMatch(/"n" is number, compared with string/);
    expect(errorOf('name LIKE 5').message).toMatch(/LIKE compares a text property/);
    expect(errorOf('S_INTERSECTS(name, POINT(1 2))').message).toMatch(/"name" is not a geometry/);
  });
});

describe('CQL2 evaluation', () => {
  it('compares, matches LIKE (case-sensitive, escapes) and IN/BETWEEN', () => {
    expect(run("name LIKE 'Dą%'", { name: 'Dąb' })).toBe(true);
    expect(run("name LIKE 'dą%'", { name: 'Dąb' })).toBe(false);
    expect(run("name LIKE '100\\%'", { name: '100%' })).toBe(true);
    expect(run("name LIKE '100\\%'", { name: '1000' })).toBe(false);
    expect(run('n BETWEEN 2 AND 4', { n: 4 })).toBe(true);
    expect(run('n IN (1, 2, 3)', { n: 5 })).toBe(false);
    expect(run("at > TIMESTAMP('2026-01-01T00:00:00Z')", { at: '2026-01-01T00:00:00.001Z' })).toBe(true);
    expect(run("at >= DATE('2026-01-02')", { at: '2026-01-01T23:59:59Z' })).toBe(false);
  });

  it('follows SQL three-valued logic for missing values', () => {
    expect(run("maybe = 'x'", { maybe: null })).toBeNull();
    expect(run("NOT maybe = 'x'", { maybe: null })).toBeNull();
    expect(run("maybe = 'x' OR n = 1", { maybe: null, n: 1 })).toBe(true);
    expect(run("maybe = 'x' AND n = 2", { maybe: null, n: 1 })).toBe(false);
    expect(run('maybe IS NULL', { maybe: null })).toBe(true);
  });

  it('tests S_INTERSECTS on geometry, literals in filter-crs converted to CRS84', () => {
    const pt: GeoJSON.Point = { type: 'Point', coordinates: [22.2, 50.93] };
    expect(run('S_INTERSECTS(geometry, BBOX(22.1, 50.9, 22.3, 51))', {}, pt)).toBe(true);
    expect(run('S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 1, 0 0)))', {}, pt)).toBe(false);
    const crs = crsFromParam('http://www.opengis.net/def/crs/EPSG/0/2180')!;
    const [x, y] = crs.fromLonLat([22.2, 50.93]);
    const bound = bindFilter(parseCql2Text(`S_INTERSECTS(geometry, BBOX(${x! - 10}, ${y! - 10}, ${x! + 10}, ${y! + 10}))`), fields, crs);
    expect(evaluate(bound, {}, pt)).toBe(true);
    expect(likeRegExp('a_c').test('abc')).toBe(true);
  });
});

describe('OGC helpers', () => {
  it('parses datetime instants, dates and open intervals', () => {
    expect(parseDatetime('2026-05-01T12:00:00Z')).toEqual(['2026-05-01T12:00:00Z', '2026-05-01T12:00:00Z']);
    expect(parseDatetime('2026-05-01')).toEqual(['2026-05-01T00:00:00Z', '2026-05-01T23:59:59.999Z']);
    expect(parseDatetime('../2026-05-01T00:00:00Z')).toEqual([null, '2026-05-01T00:00:00Z']);
    expect(parseDatetime('2026-05-01T00:00:00Z/')).toEqual(['2026-05-01T00:00:00Z', null]);
    for (const bad of ['..', '../..', '2026-13-45', 'now', '2026-05-02/2026-05-01']) expect(() => parseDatetime(bad), bad).toThrow(/datetime/);
  });

  it('negotiates f and Accept, null when nothing offered is acceptable', () => {
    expect(negotiate(['geojson', 'json', 'html'], undefined, undefined)).toBe('geojson');
    expect(negotiate(['geojson', 'json', 'html'], undefined, 'text/html,application/xhtml+xml,*/*;q=0.8')).toBe('html');
    expect(negotiate(['geojson', 'json', 'html'], undefined, 'application/json')).toBe('json');
    expect(negotiate(['geojson', 'json', 'html'], undefined, 'application/xml')).toBeNull();
    expect(negotiate(['geojson', 'json', 'html'], undefined, 'text/html;q=0, */*')).toBe('geojson');
    expect(negotiate(['json', 'html'], 'geojson', undefined)).toBe('json');
    expect(negotiate(['schema', 'json', 'html'], undefined, 'application/geo+json, application/json')).toBe('json');
    expect(negotiate(['oas'], undefined, 'application/json')).toBe('oas');
  });

  it('names offered CRSs by URI or CURIE, and converts a box to CRS84 enclosing its edges', () => {
    expect(crsFromParam('[EPSG:2180]')!.epsg).toBe(2180);
    expect(crsFromParam('http://www.opengis.net/def/crs/EPSG/0/9999')).toBeNull();
    expect(crsFromParam('http://www.opengis.net/def/crs/OGC/1.3/CRS84')!.epsg).toBeNull();
    const c = crsFromParam('http://www.opengis.net/def/crs/EPSG/0/4326')!;
    expect(bboxToLonLat([50, 22, 51, 23], c)).toEqual([22, 50, 23, 51]);
  });

  it('flattens nested properties into typed columns', () => {
    expect(columnName('Długość ścieżki')).toBe('dlugosc_sciezki');
    expect(flatten({ id: 'a', goals: ['I.1', 'II.2'], source: { document: 'D', section: 'S' }, figures: [{ label: 'Powierzchnia', value: 12.5, unit: 'ha', qualifier: 'about' }] })).toEqual({
      id: 'a',
      goals: 'I.1; II.2',
      source_document: 'D',
      source_section: 'S',
      powierzchnia_ha: 12.5,
      powierzchnia_ha_qualifier: 'about',
    });
  });
});

describe('cost caps in the SQLite store', () => {
  it('refuses a query once it has tested geometry on more rows than its budget, and starts afresh after reset', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { registerCqlFunctions } = await import('../../server/store/sqlite/cql-functions.ts');
    const { FilterTooCostlyError } = await import('../../server/store/proposal-where.ts');
    const db = new Database(':memory:');
    const budget = registerCqlFunctions(db, 5);
    db.exec('CREATE TABLE t (g TEXT)');
    for (let i = 0; i < 10; i++) db.prepare('INSERT INTO t VALUES (?)').run(JSON.stringify({ type: 'Point', coordinates: [i, 0] }));
    const lit = JSON.stringify({ type: 'Polygon', coordinates: [[[-1, -1], [2.5, -1], [2.5, 1], [-1, 1], [-1, -1]]] });
    const count = (limit: number) => db.prepare(`SELECT COUNT(*) FROM (SELECT g FROM t LIMIT ${limit}) WHERE cql_intersects(g, ?)`).pluck().get(lit);
    expect(count(4)).toBe(3);
    expect(() => count(10)).toThrow(FilterTooCostlyError);
    budget.reset();
    expect(count(5)).toBe(3);
    expect(db.prepare("SELECT cql_like('Dąb', 'dą%')").pluck().get()).toBe(0);
  });

  it('finds the box every match must touch: in AND, in every branch of OR, not under NOT', async () => {
    const { necessaryBox } = await import('../../server/ogcapi/cql2/bind.ts');
    const b = (t: string) => necessaryBox(bindFilter(parseCql2Text(t), fields, CRS84_CRS));
    expect(b("name = 'x' AND S_INTERSECTS(geometry, BBOX(1, 2, 3, 4))")).toEqual([1, 2, 3, 4]);
    expect(b('S_INTERSECTS(geometry, BBOX(1, 2, 3, 4)) OR S_INTERSECTS(geometry, POINT(5 6))')).toEqual([1, 2, 5, 6]);
    expect(b("S_INTERSECTS(geometry, BBOX(1, 2, 3, 4)) OR name = 'x'")).toBeNull();
    expect(b('NOT S_INTERSECTS(geometry, BBOX(1, 2, 3, 4))')).toBeNull();
  });
});
