/**
 * What the viewer says for every line of an import report (a refusal reason, a repair, a note
 * on a file, a warning), by its code and `params.rule`, in Polish and English. The shape is the
 * server's catalogue (server/http/import-line-messages.ts), so a code without text here fails
 * the type check; tests/unit/refusal-catalogue.test.ts sends every code through both languages.
 * Placeholders and `«…»` / `@[option]` work as in refusal-texts.ts.
 *
 * A leaf: from the server it takes only the catalogue itself (server/http/import-line-messages.ts,
 * data and template functions), whose English is the viewer's English.
 */
import { IMPORT_LINE_MESSAGES, type ImportLineTemplates } from '../../server/http/import-line-messages.ts';

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

/** The viewer's English is the server's own catalogue (the command line prints the same words). */
export const IMPORT_LINE_TEXTS_EN: ImportLineTexts = IMPORT_LINE_MESSAGES;
