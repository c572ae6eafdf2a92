/**
 * The import report's lines as data: each refusal reason, repair, per-file note and warning of
 * an import is `{ code, params }`, and its English words are made here (the CLI prints them,
 * the admin API sends them beside the data). The viewer words the same code + params in Polish
 * or English (web/i18n/import-line-texts.ts) and never reads the English.
 *
 * Templates use the syntax of messages.ts (`{name}`, `«…»`, `@[option=value]`). A field problem
 * of a feature's properties is the API's own `invalid-input` refusal, so it is worded by that
 * catalogue.
 */
import { fillTemplate, refusalMessage, templateOf, type RefusalParams, type Surface, type Template } from './messages.ts';

export const IMPORT_LINE_MESSAGES = {
  // ---- why a feature was refused ----
  'empty-geometry': {
    none: '«{collection} member: »empty geometry (the feature has no coordinates)',
    type: '«{collection} member: »empty geometry ({type} without coordinates)',
    collection: '«{collection} member: »empty geometry (an empty GeometryCollection)',
  },
  'geometry-not-object': '«{collection} member: »geometry is not an object',
  'unknown-geometry-type': '«{collection} member: »unknown geometry type {type}',
  'bad-coordinates': {
    'not-array': '«{collection} member: »{type}: coordinates are not an array',
    'not-finite': '«{collection} member: »{type}: position {position} is not a pair of finite numbers',
  },
  'mixed-collection': '«{collection} member: »GeometryCollection mixes {types}; split it into one feature per geometry type',
  'not-a-feature': 'not a GeoJSON Feature',
  'not-lon-lat': 'position [{position}] is not a longitude/latitude after reprojection (wrong coordinate system? check @[from])',
  'multipoint-not-taken': 'a MultiPoint of {count} points; the pack has no MultiPoint: import them as separate point features',
  'geometry-not-taken': 'a {type} is not allowed in a layer of kind "{kind}" (it takes {allowed})',
  'line-too-short': { line: 'the line has fewer than 2 distinct positions', part: 'line {index} has fewer than 2 distinct positions' },
  'ring-too-short': { outer: 'the outer ring« of polygon {polygon}» has fewer than 3 distinct positions', hole: 'hole {index}« of polygon {polygon}» has fewer than 3 distinct positions' },
  'ring-no-area': {
    outer: 'the outer ring« of polygon {polygon}» encloses no area (its positions lie on one line)',
    hole: 'hole {index}« of polygon {polygon}» encloses no area (its positions lie on one line)',
  },
  'self-intersection': 'the polygon« {polygon}» intersects itself at [{at}]',
  'osm-missing-node': '«{role} »way/{way} refers to node/{node}, which is not in the file (export with all referenced nodes)',
  'osm-missing-member': 'member way/{way} is not in the file (export the complete relation)',
  'osm-member-node-missing': 'a member way refers to a node that is not in the file',
  'osm-ring-open': '{role} ring does not close at node/{node} (a member way is missing from the file?)',
  'outside-town': 'outside the town boundary (@[clip])',
  'not-selected': {
    family: 'a {family}; @[geometry={wanted}] takes {wanted}s only',
    'no-value': 'no value in "{attribute}" (@[where={attribute}={wanted}])',
    other: '{attribute} is "{value}", not "{wanted}" (@[where])',
  },
  'no-id': { 'no-value': '@[idFrom={attribute}]: the feature has no value in "{attribute}"', unusable: '@[idFrom={attribute}]: "{value}" gives no usable id' },
  'id-taken': {
    feature: 'id "{id}" is already used by {source}',
    districts: 'id "{id}" is already used by districts.geojson',
    layer: 'id "{id}" is already used by layer "{layer}"',
    'this-layer': 'id "{id}" is already used by layer "{layer}" (@[mode=append] keeps its features)',
  },
  'missing-property': {
    map: 'missing "{property}": map it with @[map={property}=FIELD] or give it with @[set={property}=…]',
    source: 'missing "source": give @[set=source.document=…] @[set=source.section=…]',
  },
  'unknown-goal': { one: 'unknown operational goal {goals} (goals.json has {known}…)', many: 'unknown operational goals {goals} (goals.json has {known}…)' },
  'unknown-undertaking': 'unknown undertaking "{undertaking}"',
  // ---- what was repaired ----
  'dropped-zm': 'dropped Z/M values',
  'collection-merged': 'GeometryCollection of {count} merged into a {type}',
  'made-point': 'made a Point of a one-point MultiPoint',
  'dropped-duplicates': { one: 'dropped {count} duplicate vertex', many: 'dropped {count} duplicate vertices' },
  'closed-rings': { one: 'closed {count} ring', many: 'closed {count} rings' },
  'dropped-holes': {
    one: 'dropped {count} hole of no area (fewer than 3 distinct positions, or on one line)',
    many: 'dropped {count} holes of no area (fewer than 3 distinct positions, or on one line)',
  },
  'fixed-winding': {
    one: 'fixed the winding of {count} ring (RFC 7946: outer rings counter-clockwise, holes clockwise)',
    many: 'fixed the winding of {count} rings (RFC 7946: outer rings counter-clockwise, holes clockwise)',
  },
  clipped: { line: 'cut at the town boundary: kept {percent} % of its length', polygon: 'cut at the town boundary' },
  simplified: 'simplified to {tolerance} m: {before} → {after} vertices',
  // ---- notes on a file ----
  'dbf-encoding': {
    option: '.dbf read as {encoding} (@[encoding])',
    cpg: '.dbf read as {encoding} (.cpg file)',
    ldid: '.dbf read as {encoding} (code page byte of the .dbf)',
    utf8: '.dbf read as {encoding} (its text is valid UTF-8)',
    guess: '.dbf read as {encoding} (not UTF-8, so taken as Polish Windows text; pass @[encoding] otherwise)',
  },
  // ---- warnings on the whole import ----
  'outside-boundary': '{count} of {total} accepted features lie outside the town boundary of {city} (boundary.geojson), e.g. {examples}; pass @[clip] to leave them out.',
  'outside-bounds': '{count} of {total} accepted features lie outside the bounds of {city} ({bounds}), e.g. {examples}; check the coordinate system (@[from]).',
} as const satisfies Record<string, Template>;

export type ImportLineTemplates = typeof IMPORT_LINE_MESSAGES;
export type ImportLineCode = keyof ImportLineTemplates;
/** Every import-line code, for the catalogue tests. */
export const IMPORT_LINE_CODES = Object.keys(IMPORT_LINE_MESSAGES) as ImportLineCode[];

/** One line of an import report; a field problem of a feature's properties is an `invalid-input`. */
export interface ImportLine {
  code: ImportLineCode | 'invalid-input';
  params: RefusalParams;
}

export const line = (code: ImportLine['code'], params: RefusalParams = {}): ImportLine => ({ code, params });
/** `one` or `many`: the case of a counted line. */
export const countRule = (count: number) => (count === 1 ? 'one' : 'many');

/** The English words of a line, with options as `surface` writes them. */
export function importLineMessage(l: ImportLine, surface: Surface = 'cli'): string {
  if (l.code === 'invalid-input') return refusalMessage('invalid-input', l.params, surface);
  const t = templateOf(IMPORT_LINE_MESSAGES[l.code], l.params);
  if (t === undefined) throw new Error(`import line ${l.code}: no case "${String(l.params.rule)}"`);
  return fillTemplate(t, l.params, surface);
}
