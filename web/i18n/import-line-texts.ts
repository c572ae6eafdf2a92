/**
 * What the viewer says for every line of an import report (a refusal reason, a repair, a note
 * on a file, a warning), by its code and `params.rule`, in Polish and English. The shape is the
 * server's catalogue (server/http/import-line-messages.ts), so a code without text here fails
 * the type check; tests/unit/refusal-catalogue.test.ts sends every code through both languages.
 * Placeholders and `«…»` / `@[option]` work as in refusal-texts.ts.
 *
 * A leaf: only a type comes from the server.
 */
import type { ImportLineTemplates } from '../../server/http/import-line-messages.ts';

/** A text for every import-line code (and every case of a code with several). */
export type ImportLineTexts = {
  [C in keyof ImportLineTemplates]: ImportLineTemplates[C] extends string ? string : { [R in keyof ImportLineTemplates[C]]: string };
};

export const IMPORT_LINE_TEXTS_PL: ImportLineTexts = {
  'empty-geometry': {
    none: '«{collection}, element: »pusty kształt (obiekt nie ma współrzędnych)',
    type: '«{collection}, element: »pusty kształt ({type} bez współrzędnych)',
    collection: '«{collection}, element: »pusty kształt (GeometryCollection bez elementów)',
  },
  'geometry-not-object': '«{collection}, element: »kształt nie jest obiektem',
  'unknown-geometry-type': '«{collection}, element: »nieznany rodzaj kształtu {type}',
  'bad-coordinates': {
    'not-array': '«{collection}, element: »{type}: współrzędne nie są listą',
    'not-finite': '«{collection}, element: »{type}: punkt {position} nie jest parą skończonych liczb',
  },
  'mixed-collection': '«{collection}, element: »GeometryCollection łączy różne rodzaje kształtów ({types}); podziel go na osobne obiekty według rodzaju',
  'not-a-feature': 'to nie jest obiekt GeoJSON (Feature)',
  'not-lon-lat': 'punkt [{position}] po przeliczeniu nie leży w zakresie długości i szerokości geograficznej (zły układ współrzędnych? sprawdź @[from])',
  'multipoint-not-taken': 'MultiPoint złożony z {count} punktów; pakiet nie przyjmuje MultiPoint — zaimportuj je jako osobne punkty',
  'geometry-not-taken': 'kształt {type} nie pasuje do warstwy rodzaju „{kind}” (przyjmuje: {allowed})',
  'line-too-short': { line: 'linia ma mniej niż 2 różne punkty', part: 'linia {index} ma mniej niż 2 różne punkty' },
  'ring-too-short': { outer: 'obrys zewnętrzny« wielokąta {polygon}» ma mniej niż 3 różne punkty', hole: 'otwór {index}« wielokąta {polygon}» ma mniej niż 3 różne punkty' },
  'ring-no-area': {
    outer: 'obrys zewnętrzny« wielokąta {polygon}» nie obejmuje żadnej powierzchni (punkty leżą na jednej prostej)',
    hole: 'otwór {index}« wielokąta {polygon}» nie obejmuje żadnej powierzchni (punkty leżą na jednej prostej)',
  },
  'self-intersection': 'wielokąt« {polygon}» przecina sam siebie w punkcie [{at}]',
  'osm-missing-node': '«{role}: »way/{way} wskazuje node/{node}, którego nie ma w pliku (wyeksportuj dane ze wszystkimi punktami)',
  'osm-missing-member': 'w pliku brakuje elementu way/{way} (wyeksportuj całą relację)',
  'osm-member-node-missing': 'jedna z linii relacji wskazuje punkt, którego nie ma w pliku',
  'osm-ring-open': '{role}: obrys nie zamyka się w node/{node} (brakuje w pliku którejś linii relacji?)',
  'outside-town': 'poza granicą miasta (@[clip])',
  'not-selected': {
    family: 'kształt rodzaju {family}; @[geometry={wanted}] przyjmuje tylko {wanted}',
    'no-value': 'brak wartości w „{attribute}” (@[where={attribute}={wanted}])',
    other: '{attribute} ma wartość „{value}”, a nie „{wanted}” (@[where])',
  },
  'no-id': { 'no-value': '@[idFrom={attribute}]: obiekt nie ma wartości w „{attribute}”', unusable: '@[idFrom={attribute}]: z „{value}” nie da się utworzyć identyfikatora' },
  'id-taken': {
    feature: 'identyfikator „{id}” ma już {source}',
    districts: 'identyfikator „{id}” ma już dzielnica (districts.geojson)',
    layer: 'identyfikator „{id}” jest już zajęty w warstwie „{layer}”',
    'this-layer': 'identyfikator „{id}” jest już zajęty w warstwie „{layer}” (@[mode=append] zachowuje jej obiekty)',
  },
  'missing-property': {
    map: 'brak „{property}”: wskaż pole źródłowe przez @[map={property}=POLE] albo podaj wartość przez @[set={property}=…]',
    source: 'brak „source”: podaj @[set=source.document=…] i @[set=source.section=…]',
  },
  'unknown-goal': { one: 'nieznany cel operacyjny {goals} (w goals.json są m.in. {known}…)', many: 'nieznane cele operacyjne {goals} (w goals.json są m.in. {known}…)' },
  'unknown-undertaking': 'nieznane przedsięwzięcie „{undertaking}”',
  'dropped-zm': 'usunięto wysokości i miary (Z/M)',
  'collection-merged': 'połączono {count} elementy GeometryCollection w {type}',
  'made-point': 'zamieniono jednopunktowy MultiPoint na Point',
  'dropped-duplicates': { one: 'usunięto powtórzony wierzchołek ({count})', many: 'usunięto powtórzone wierzchołki: {count}' },
  'closed-rings': { one: 'domknięto obrys ({count})', many: 'domknięto obrysy: {count}' },
  'dropped-holes': {
    one: 'usunięto otwór bez powierzchni ({count}; mniej niż 3 różne punkty albo punkty na jednej prostej)',
    many: 'usunięto otwory bez powierzchni: {count} (mniej niż 3 różne punkty albo punkty na jednej prostej)',
  },
  'fixed-winding': {
    one: 'poprawiono kierunek obrysu ({count}; RFC 7946: obrys zewnętrzny przeciwnie do wskazówek zegara, otwory zgodnie)',
    many: 'poprawiono kierunek obrysów: {count} (RFC 7946: obrys zewnętrzny przeciwnie do wskazówek zegara, otwory zgodnie)',
  },
  clipped: { line: 'przycięto do granicy miasta: zostało {percent} % długości', polygon: 'przycięto do granicy miasta' },
  simplified: 'uproszczono z dokładnością {tolerance} m: wierzchołki {before} → {after}',
  'dbf-encoding': {
    option: 'plik .dbf odczytano jako {encoding} (@[encoding])',
    cpg: 'plik .dbf odczytano jako {encoding} (plik .cpg)',
    ldid: 'plik .dbf odczytano jako {encoding} (bajt strony kodowej w .dbf)',
    utf8: 'plik .dbf odczytano jako {encoding} (tekst jest poprawnym UTF-8)',
    guess: 'plik .dbf odczytano jako {encoding} (to nie UTF-8, więc przyjęto polskie kodowanie Windows; w razie potrzeby podaj @[encoding])',
  },
  'outside-boundary': '{count} z {total} przyjętych obiektów leży poza granicą miasta {city} (boundary.geojson), np. {examples}; użyj @[clip], aby je pominąć.',
  'outside-bounds': '{count} z {total} przyjętych obiektów leży poza zasięgiem miasta {city} ({bounds}), np. {examples}; sprawdź układ współrzędnych (@[from]).',
};

export const IMPORT_LINE_TEXTS_EN: ImportLineTexts = {
  'empty-geometry': {
    none: '«{collection} member: »empty geometry (the feature has no coordinates)',
    type: '«{collection} member: »empty geometry ({type} without coordinates)',
    collection: '«{collection} member: »empty geometry (an empty GeometryCollection)',
  },
  'geometry-not-object': '«{collection} member: »the geometry is not an object',
  'unknown-geometry-type': '«{collection} member: »unknown geometry type {type}',
  'bad-coordinates': {
    'not-array': '«{collection} member: »{type}: the coordinates are not a list',
    'not-finite': '«{collection} member: »{type}: position {position} is not a pair of finite numbers',
  },
  'mixed-collection': '«{collection} member: »the GeometryCollection mixes {types}; split it into one feature per geometry type',
  'not-a-feature': 'not a GeoJSON Feature',
  'not-lon-lat': 'position [{position}] is not a longitude/latitude after reprojection (wrong coordinate system? check @[from])',
  'multipoint-not-taken': 'a MultiPoint of {count} points; the pack takes no MultiPoint, so import them as separate points',
  'geometry-not-taken': 'a {type} does not fit a layer of kind "{kind}" (it takes {allowed})',
  'line-too-short': { line: 'the line has fewer than 2 distinct positions', part: 'line {index} has fewer than 2 distinct positions' },
  'ring-too-short': { outer: 'the outer ring« of polygon {polygon}» has fewer than 3 distinct positions', hole: 'hole {index}« of polygon {polygon}» has fewer than 3 distinct positions' },
  'ring-no-area': {
    outer: 'the outer ring« of polygon {polygon}» encloses no area (its positions lie on one line)',
    hole: 'hole {index}« of polygon {polygon}» encloses no area (its positions lie on one line)',
  },
  'self-intersection': 'the polygon« {polygon}» crosses itself at [{at}]',
  'osm-missing-node': '«{role}: »way/{way} refers to node/{node}, which is not in the file (export with all referenced nodes)',
  'osm-missing-member': 'member way/{way} is not in the file (export the complete relation)',
  'osm-member-node-missing': 'a member way refers to a node that is not in the file',
  'osm-ring-open': '{role}: the ring does not close at node/{node} (is a member way missing from the file?)',
  'outside-town': 'outside the town boundary (@[clip])',
  'not-selected': {
    family: 'a {family}; @[geometry={wanted}] takes only {wanted}',
    'no-value': 'no value in "{attribute}" (@[where={attribute}={wanted}])',
    other: '{attribute} is "{value}", not "{wanted}" (@[where])',
  },
  'no-id': { 'no-value': '@[idFrom={attribute}]: the feature has no value in "{attribute}"', unusable: '@[idFrom={attribute}]: "{value}" gives no usable id' },
  'id-taken': {
    feature: 'the id "{id}" is already used by {source}',
    districts: 'the id "{id}" is already used by a district (districts.geojson)',
    layer: 'the id "{id}" is already used in the layer "{layer}"',
    'this-layer': 'the id "{id}" is already used in the layer "{layer}" (@[mode=append] keeps its features)',
  },
  'missing-property': {
    map: 'missing "{property}": map it from a field with @[map={property}=FIELD] or give it with @[set={property}=…]',
    source: 'missing "source": give @[set=source.document=…] and @[set=source.section=…]',
  },
  'unknown-goal': { one: 'unknown operational goal {goals} (goals.json has {known}…)', many: 'unknown operational goals {goals} (goals.json has {known}…)' },
  'unknown-undertaking': 'unknown undertaking "{undertaking}"',
  'dropped-zm': 'dropped heights and measures (Z/M)',
  'collection-merged': 'merged a GeometryCollection of {count} into a {type}',
  'made-point': 'made a Point of a one-point MultiPoint',
  'dropped-duplicates': { one: 'dropped {count} duplicate vertex', many: 'dropped {count} duplicate vertices' },
  'closed-rings': { one: 'closed {count} ring', many: 'closed {count} rings' },
  'dropped-holes': {
    one: 'dropped {count} hole of no area (fewer than 3 distinct positions, or on one line)',
    many: 'dropped {count} holes of no area (fewer than 3 distinct positions, or on one line)',
  },
  'fixed-winding': {
    one: 'fixed the direction of {count} ring (RFC 7946: outer rings counter-clockwise, holes clockwise)',
    many: 'fixed the direction of {count} rings (RFC 7946: outer rings counter-clockwise, holes clockwise)',
  },
  clipped: { line: 'cut at the town boundary: {percent} % of its length kept', polygon: 'cut at the town boundary' },
  simplified: 'simplified to {tolerance} m: {before} → {after} vertices',
  'dbf-encoding': {
    option: '.dbf read as {encoding} (@[encoding])',
    cpg: '.dbf read as {encoding} (.cpg file)',
    ldid: '.dbf read as {encoding} (code page byte of the .dbf)',
    utf8: '.dbf read as {encoding} (its text is valid UTF-8)',
    guess: '.dbf read as {encoding} (not UTF-8, so taken as Polish Windows text; pass @[encoding] otherwise)',
  },
  'outside-boundary': '{count} of {total} accepted features lie outside the town boundary of {city} (boundary.geojson), e.g. {examples}; use @[clip] to leave them out.',
  'outside-bounds': '{count} of {total} accepted features lie outside the bounds of {city} ({bounds}), e.g. {examples}; check the coordinate system (@[from]).',
};
