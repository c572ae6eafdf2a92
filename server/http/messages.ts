/**
 * Every refusal the server sends, as data: a stable code, its params, and the English message
 * made from them here and nowhere else. Call sites pass code + params (`refuse` in
 * api-error.ts, `ImportError`); the viewer words the same code + params in Polish or English
 * (web/i18n/refusals.ts) and never reads the message. Nothing here is a Polish UI word: names
 * in params (a town, a feature) come from the pack, in the pack's language.
 *
 * A template is a string, or one string per `params.rule` for a code with several cases:
 * - `{name}`: the param (a list is joined with ", "),
 * - `«…»`: said only when every param inside it is given,
 * - `@[from]`, `@[from=EPSG:2180]`: an import option, worded for where the message is shown
 *   (`--from EPSG:2180` on the command line, `from=EPSG:2180` in the API).
 */

export type ParamValue = string | number | readonly (string | number)[];
export type RefusalParams = Record<string, ParamValue | undefined>;
export type Template = string | Readonly<Record<string, string>>;
/** How an import option is written. */
export type Surface = 'api' | 'cli';

/** The coordinate systems the import knows, as a message names them (identifiers, not words). */
export const KNOWN_CRS_TEXT = 'EPSG:2180 (PUWG 1992), EPSG:2176–2179 (PUWG 2000 zones 5–8), EPSG:3857 (Web Mercator) or EPSG:4326 (WGS84)';

export const REFUSAL_MESSAGES = {
  // ---- requests ----
  'invalid-input': {
    required: '{field}: required',
    type: '{field}: must be {expected}',
    'whole-number': '{field}: must be a whole number',
    min: '{field}: must be at least {min}',
    max: '{field}: must be at most {max}',
    'min-length': '{field}: must be at least {min} characters',
    'max-length': '{field}: must be at most {max} characters',
    'min-items': '{field}: needs at least {min} items',
    'max-items': '{field}: takes at most {max} items',
    'one-of': '{field}: use one of {allowed}',
    format: '{field}: has the wrong format',
    'unknown-field': '{field}: is not a field of this request',
    'not-empty': '{field}: must not be empty',
    'no-control': '{field}: must not contain control characters (such as NUL)',
    'broken-character': '{field}: contains a broken character (a lone UTF-16 surrogate)',
    'single-line': '{field}: must be a single line',
    'no-bidi': '{field}: must not contain text-direction control characters',
    invalid: '{field}: is not valid',
    'reason-required': '{field}: a rejection needs a reason',
    'nothing-to-change': '{field}: give count or species to change',
    'bbox-order': '{field}: must have west ≤ east and south ≤ north',
    'choose-species': '{field}: choose a species ({count} on the list).',
    'not-on-list': '{field}: "{value}" is not on {town}\'s species list.',
    'no-species': '{field}: a {kind} proposal takes no species.',
    'kind-not-taken': '{field}: "{value}" is not taken in {town} ({allowed}).',
    'not-a-district': '{field}: "{value}" is not a district of {town} ({allowed}).',
    'unknown-town': '{field}: there is no town "{value}" ({allowed}).',
    'login-format': '{field}: 1–{max} characters of letters, digits, dot, dash, underscore.',
    'layer-required': '{field}: name the layer to import into (?layer=…).',
  },
  'invalid-point': '{field}: must be a number within its range. Give ?lon=<−180…180>&lat=<−90…90> in WGS84 degrees.',
  'invalid-json': { body: 'The request body is not valid JSON.', area: 'The request body is not valid JSON. Send a GeoJSON Polygon or MultiPolygon (or a Feature holding one).' },
  'unsupported-media-type': {
    json: 'Send JSON with Content-Type: application/json.',
    area: 'Send the area as JSON: Content-Type application/json or application/geo+json.',
    file: 'Send the file itself as the request body (Content-Type: application/octet-stream), not a form.',
  },
  'body-too-large': { body: 'The request body is larger than {maxKiB} KiB.', area: 'The request body is larger than {maxKiB} KiB. Simplify the drawn area (fewer vertices).' },
  'upload-too-large': 'The file is larger than {maxMiB} MiB; import it with the command line (npm run import) instead.',
  'not-found': { glyphs: 'No glyphs of version {value}; reload the page to get the current viewer.', route: 'No API route {method} {path}. See the README for the routes.', file: 'No file {path}; reload the page to get the current viewer.', path: 'Nothing at {path}.' },
  'request-refused': 'The request was refused (HTTP {status}).',
  'store-unavailable': 'The database is not reachable right now ({problem}); nothing was saved. Please try again in a few seconds.',
  internal: 'Something went wrong on the server. The error has been logged; please try again.',
  'invalid-tile': 'No tile {tile}: zoom is a whole number from 0 to {maxZoom}, x and y from 0 to 2^zoom − 1, and the file ends in .pbf.',
  // ---- limits and load ----
  'rate-limited': {
    writes: 'Too many changes in a short time. Try again in {retryAfterS} s.',
    signup: 'Too many new residents from your address in the last hour. Try again in {retryAfterS} s.',
    login: 'Too many sign-in attempts from your address. Try again in {retryAfterS} s.',
    email: 'Too many confirmation mails requested from your address in the last hour. Try again in {retryAfterS} s.',
  },
  'one-at-a-time': {
    job: 'Another heavy request of yours (a drawn area, a proposal area, an import) is still running; wait for its answer, then try again.',
    export: 'An export of yours is still being sent; wait for it to finish, then try again.',
  },
  'over-budget': {
    time: 'The server stopped this job after {maxS} s. Try a smaller or simpler area (or file); if the server is busy, try again in a minute.',
    memory: 'This job needs more than the {maxMb} MiB of memory the server gives one job. Use a smaller or simpler area (or split the file).',
  },
  busy: { jobs: 'The server is busy with other heavy requests; try again in a few seconds.', exports: 'The server is sending many large answers right now; try again in a few seconds.', 'export-slots': 'The server is already sending {max} exports at once; try again in {retryAfterS} s.' },
  // ---- who may do what ----
  'not-signed-in': { mine: '{field}: sign in (or take part as a resident) to list your own proposals.', resident: 'Sign in first: choose a nickname (POST /api/residents) or sign in as a planner.', staff: 'Sign in as a planner or admin first.' },
  forbidden: {
    role: 'This action needs the role {needs}; you are signed in as {role}.',
    withdraw: 'Only the author of a proposal, or a planner, may withdraw it.',
    'lower-spacing': 'minSpacingM: only planners may lower the spacing rule.',
    support: 'Only residents support proposals.',
    'resident-logout': 'Only a resident signs out this way; planners use POST /api/auth/logout.',
    'resident-email': 'Only residents confirm an e-mail address.',
  },
  csrf: { token: 'Missing or wrong X-CSRF-Token header. Reload the page and try again.', origin: 'Requests from {origin} are not accepted.' },
  'bad-credentials': 'Wrong login or password (or the account is disabled).',
  'login-busy': 'Another sign-in to this account is being checked; try again in a second.',
  'login-backoff': 'Too many failed sign-ins to this account; wait {retryAfterS} s before the next try.',
  'account-locked': 'This account is locked after {failures} failed sign-ins in a row. An administrator can unlock it (admin panel, or npm run user:unlock -- --login {login}).',
  'weak-password': {
    blank: '{field}: must not be empty or only spaces',
    'too-short': '{field}: at least {min} characters',
    'too-long': '{field}: at most {max} characters',
    'too-uniform': '{field}: too uniform (one character, a short pattern repeated or a run like "1234567890"); use a few unrelated words',
    common: '{field}: this is one of the most common passwords, which attackers try first; choose another',
    'contains-login': '{field}: must not contain the login',
  },
  'login-taken': 'The login "{login}" is already taken.',
  'self-disable': 'You cannot disable your own account.',
  'unknown-user': 'There is no user "{id}".',
  'nickname-reserved': '{field}: "{nickname}" could be taken for the town\'s office ({reserved}); choose another nickname.',
  'wrong-town': 'Your resident token belongs to another town ({tokenCity}); sign up again in {town} to propose or support here.',
  'email-not-configured': 'This server cannot send e-mail yet ({setting} is not set); ask the town to configure it.',
  'email-not-sent': 'The mail server did not take the confirmation mail; please try again later.',
  'email-unconfirmed': '{town} counts a support once its supporter has confirmed an e-mail address: give one (POST /api/residents/me/email) and open the link we send.',
  // ---- towns and their data ----
  'unknown-city': 'There is no city "{city}". Known cities: {known}.',
  'unknown-layer': {
    pack: 'City "{city}" has no layer "{layer}". Its layers: {known}.',
    manifest: 'City "{city}" has no layer "{layer}" in its manifest.json; its layers: {known}. Add the layer to the manifest first.',
    'not-a-pack': '{file} is missing or not valid JSON; is {dir} a city pack?',
    'pack-manifest': '{file} is invalid ({problem}); fix it before importing.',
  },
  'unknown-district': 'City "{city}" has no district "{district}". Its districts: {known}.',
  'no-story': 'City "{city}" has no story: add data/{city}/story.json to its pack to present it.',
  'no-proposals': '{town} does not take proposals.',
  // ---- drawn areas (query and proposal polygons) ----
  'geometry-type': {
    got: '{field}: expected a GeoJSON Polygon or MultiPolygon (or a Feature holding one), got {got}',
    'no-type': '{field}: expected a GeoJSON Polygon or MultiPolygon (or a Feature holding one), got an object without "type"',
    polygons: '{field}: "coordinates" must be a non-empty array of polygons',
    rings: '{field}: "coordinates" must be a non-empty array of rings',
    'polygon-rings': '{field}: each polygon must be a non-empty array of rings',
    'ring-positions': '{field}: each ring must be an array of positions',
  },
  'too-many-vertices': { positions: '{field}: at most {max} positions; this one has {count}. Simplify it.',
    area: '{field}: the area has {count} positions; at most {max} are accepted — simplify the outline',
    feature: '{feature} has more than {max} vertices; simplify it (e.g. in QGIS: Vector → Geometry Tools → Simplify) and import again.',
    file: '{file} has more than {max} vertices in all; split it into several files or simplify it.',
  },
  'too-many-features': '{file} has {count} features; at most {max} are imported at once. Split the file (e.g. by district) and import it with @[mode=append].',
  'position-invalid': '{field}: position {position} of ring {ring}« of polygon {polygon}» must be [longitude, latitude] with finite numbers',
  'coordinate-range': '{field}: position {position} of ring {ring}« of polygon {polygon}» is [{at}]: longitude must be within −180…180 and latitude within −90…90',
  'ring-too-short': '{field}: ring {ring}« of polygon {polygon}» has {count} positions; a closed ring needs at least 4',
  'ring-not-closed': '{field}: ring {ring}« of polygon {polygon}» is not closed: the first position [{first}] differs from the last [{last}]',
  'self-intersection': '{field}: the outline crosses itself« in polygon {polygon}» near [{at}]',
  'zero-area': '{field}: the area is zero: its positions lie on one line or one point',
  // ---- proposals: the pack's rules (422) and the workflow ----
  'geometry-not-allowed': 'A {kind} proposal must be {allowed}, not {got}.',
  'outside-town': { bounds: '{field}: the position ({lon}, {lat}) lies outside {town}.',
    point: 'The point must lie entirely inside the boundary of {town}.',
    area: 'The area must lie entirely inside the boundary of {town}.',
    located: 'The point ({lon}, {lat}) lies outside every district of {town}.',
  },
  'in-forbidden-area': 'It touches {name} ({category}): proposals are not allowed there.',
  'count-not-one': { site: 'A {kind} proposal is one site: count must be 1.', point: 'A point stands for one {kind}: count must be 1 (draw an area for more).' },
  'area-too-large': 'The area is {area} m²; at most {max} m² is accepted for one proposal.',
  'count-too-high': 'An area of {area} m² takes at most {max} (one per {per} m²); you asked for {count}.',
  'too-close': 'Too close to another {kind} proposal ({distance} m; at least {min} m is required).',
  'unknown-proposal': 'There is no proposal "{id}"« in {town}».',
  'status-conflict': { stale: 'The proposal is {current} now, not {expected}: someone changed it meanwhile. Reload and decide again.', same: 'The proposal is already {to}.', to: 'Cannot change a {current} proposal to {to}.', edit: 'Cannot edit a {current} proposal.' },
  'proposal-not-live': 'Only a proposed or accepted proposal can be supported; this one was withdrawn, rejected or already planted.',
  'own-proposal': 'You cannot support your own proposal.',
  // ---- layer import (admin API and `npm run import`) ----
  'unknown-import': 'There is no such import waiting (it may have expired or been confirmed already); upload the file again.',
  'pack-invalid': 'With this layer the pack {city} would not load, so nothing was changed: {problem}',
  empty: { none: 'No file to import.', file: '{file} is empty.', features: 'No features found in {files}.' },
  'too-large': 'The file is larger than {maxMiB} MiB.',
  'unknown-format': {
    gzip: '{file} is gzip-compressed; unpack it first (gunzip) and import the file inside.',
    'bare-shp': '{file} is a bare .shp file; zip it together with its .shx, .dbf and .prj (and .cpg) and import the zip.',
    rar: '{file} is a RAR archive; only zip archives (of a Shapefile) are read.',
    html: '{file} is an HTML page, not a map file.',
    xml: '{file} is XML with root element <{root}>; the import reads KML (<kml>), GPX (<gpx>) and OSM XML (<osm>).',
    'xml-no-root': '{file} starts like XML but no root element was found in its first {headKiB} KiB.',
    other: '{file} is not a format the import reads. Use GeoJSON, KML, GPX, OSM XML, or a zip of a Shapefile (.shp, .shx, .dbf, .prj).',
  },
  'not-a-feature-collection': {
    array: '{file} is a JSON array; a GeoJSON FeatureCollection ({"type": "FeatureCollection", "features": […]}) is expected.',
    'no-type': '{file} is JSON without a GeoJSON "type"; a FeatureCollection ({"type": "FeatureCollection", "features": […]}) is expected.',
    other: '{file} is a GeoJSON {type}; a FeatureCollection ({"type": "FeatureCollection", "features": […]}) is expected.',
  },
  'bad-json': '{file} is not valid JSON: {problem}.',
  'bad-xml': '{file} is not valid XML: {problem}.',
  'bad-zip': 'The zip archive is damaged or truncated ({problem}).',
  'unsafe-zip': {
    'too-many-entries': 'The zip archive lists {count} entries; at most {max} are accepted.',
    'unsafe-path': 'The zip archive holds an entry with an unsafe path« "{entry}"» ({problem}); it is refused.',
    'too-big': 'The zip archive unpacks to more than {maxMiB} MiB« (entry "{entry}" declares {sizeMiB} MiB)»; it is refused.',
    ratio: 'The zip entry "{entry}" is compressed more than {ratio}:1 ({compressedMiB} MiB → {sizeMiB} MiB); it looks like a zip bomb and is refused.',
    'size-mismatch': 'A zip entry unpacks to a different size than it declares ({problem}); the archive is refused.',
  },
  'bad-shapefile': {
    'no-shp': '{file} holds no .shp file; a zipped Shapefile needs .shp, .shx and .dbf (and .prj for the coordinate system).',
    several: '{file} holds {count} Shapefiles ({shps}); zip and import one at a time.',
    'no-dbf': '{file} has {shp} but no {stem}.dbf; the attributes are missing. Zip the .dbf (and .shx, .prj) with it.',
    damaged: '{file}: the Shapefile is damaged ({problem}) after {count} features.',
  },
  'unknown-crs': {
    prj: `The .prj of {file} describes "{name}", which the import does not know; reproject the file to ${KNOWN_CRS_TEXT}, or delete the .prj and pass @[from].`,
    'no-name': '{file}: its "crs" member has no properties.name; write {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2180"}} or remove it and pass @[from].',
    name: `{file} says its coordinates are in "{name}", which the import does not know; use ${KNOWN_CRS_TEXT}.`,
  },
  'crs-conflict': '{file} states EPSG:{epsg} in {where}, but @[from] says EPSG:{from}; drop @[from] or correct the file.',
  'needs-crs': '{file} does not say its coordinate system and its coordinates (e.g. [{x}, {y}]) are not degrees; pass @[from=EPSG:xxxx].« They look like {guessName}: try @[from=EPSG:{guess}].»',
  'bad-option': {
    'unknown-crs': `@[from={value}]: unknown coordinate system; use ${KNOWN_CRS_TEXT}.`,
    encoding: '@[encoding={value}]: the text encoding is not supported; use utf-8, windows-1250, iso-8859-2 or another WHATWG encoding name.',
    'cpg-encoding': 'The .cpg file names the text encoding "{value}", which is not supported; use utf-8, windows-1250, iso-8859-2 or another WHATWG encoding name.',
    assignment: '@[{option}={value}]: write it as property=value, e.g. @[{option}=name=NAZWA].',
    id: '@[{option}=id]: ids come from @[idFrom=FIELD] or are generated as <layer>-<n>.',
    'no-property': '@[{option}={property}]: features of a {role} layer have no property "{property}"; they take {allowed}.',
    'two-accuracies': '@[accuracy] and @[set]/@[map] accuracy=… both give the accuracy; keep one.',
    simplify: '@[simplify={value}]: give a tolerance in metres from 0 to {max}, e.g. @[simplify=2].',
    'boundary-count': 'A town boundary is one polygon; the import yielded {count}. Use @[where] to pick the town\'s feature.',
    'boundary-type': 'A town boundary is a polygon, not a {type}.',
    value: '{option}: "{value}" is not taken; use one of {allowed}.',
  },
  'reason-required': '{field}: changing a {from} proposal to {to} needs a reason (it is kept in the proposal\'s history).',
  'import-conflict': 'The layer {layer} of {city} is being imported through another server at the same time; upload the file again.',
  'bad-glyph-range': '{field}: "{value}" must be START-END.pbf with START a multiple of 256 below 65536 and END = START + 255.',
  'bad-fontstack': '{field}: a fontstack is 1 to {max} letters, digits, spaces and , . _ -.',
  'unknown-undertaking': '{town} has no undertaking "{undertaking}".',
  'unknown-figure': { some: '{field}: "{undertaking}" declares no figure "{figure}"; its figures are {figures}.', none: '{field}: "{undertaking}" declares no figures to report against.', },
  'figure-counted-live': '{field}: "{label}" is counted live from the planted proposals; it is not typed in.',
  'as-of-in-future': '{field}: {value} is after today ({max}); an update says what stood by a date that has come.',
  'corrects-unknown': '{field}: there is no update "{corrects}" in {town}.',
  'corrects-other-undertaking': '{field}: the update "{corrects}" is about another undertaking; a correction stays with its undertaking.',
  'already-corrected': '{field}: the update "{corrects}" has already been corrected; correct the correction instead.',
  'unknown-report': 'Reports are named YEAR.json, YEAR.csv or YEAR.pdf (e.g. {example}.pdf).',
  'report-year-out-of-range': 'There is no report for {year}: the strategy of {town} runs from {min}, and {max} is the latest year.',
  'report-building': 'The {year} report of {town} cannot be built now: the {building} report of {town} is being built. Try again in {retryAfterS} s.',
  'geometry-mixed': '{field}: the file holds {kinds}; the work done is one kind of geometry: lines (a built section), areas (a plot) or one point.',
  'too-many-follows': 'You follow {max} undertakings of {town} already; stop following one to follow another.',
  'area-too-busy': 'The drawn area holds more than {max} proposals; draw a smaller area, or read the districts\' summaries.',
  'progress-log-too-long': 'The progress log of {city} holds more than {max} updates, more than one answer reads whole; rather than answer from part of it, the server refuses. Ask the administrator to raise the limit.',
} as const satisfies Record<string, Template>;

export type RefusalCode = keyof typeof REFUSAL_MESSAGES;
/** Every code the server refuses with, for the catalogue tests. */
export const REFUSAL_CODES = Object.keys(REFUSAL_MESSAGES) as RefusalCode[];
/** The cases (`params.rule`) of a code with several. */
export type RefusalRule<C extends RefusalCode> = (typeof REFUSAL_MESSAGES)[C] extends string ? never : keyof (typeof REFUSAL_MESSAGES)[C] & string;

/** An option as it is written on `surface`. */
export function optionText(surface: Surface, option: string, value?: string): string {
  if (surface === 'api') return value === undefined ? option : `${option}=${value}`;
  if (option === 'mode' && value === 'append') return '--append';
  const flag = `--${option.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)}`;
  return value === undefined ? flag : `${flag} ${value}`;
}

/** The template of a code for its params (the case named by `params.rule`). */
export function templateOf(template: Template, params: RefusalParams): string | undefined {
  if (typeof template === 'string') return template;
  const rule = params.rule;
  return typeof rule === 'string' ? template[rule] : undefined;
}

const show = (v: ParamValue) => (Array.isArray(v) ? v.join(', ') : String(v));

/** Fills a template (see the top of this file) with params in English. */
export function fillTemplate(template: string, params: RefusalParams, surface: Surface = 'api', word: (key: string, v: ParamValue) => string = (_k, v) => show(v)): string {
  return template
    .replace(/«([^»]*)»/g, (_m, inner: string) => ([...inner.matchAll(/\{(\w+)\}/g)].every((m) => params[m[1]!] !== undefined) ? inner : ''))
    .replace(/\{(\w+)\}/g, (m, k: string) => (params[k] === undefined ? m : word(k, params[k]!)))
    .replace(/@\[(\w+)(?:=([^\]]*))?\]/g, (_m, o: string, v: string | undefined) => optionText(surface, o, v));
}

/** The English message of a refusal. */
export function refusalMessage(code: RefusalCode, params: RefusalParams = {}, surface: Surface = 'api'): string {
  const t = templateOf(REFUSAL_MESSAGES[code], params);
  if (t === undefined) throw new Error(`refusal ${code}: no case "${String(params.rule)}"`);
  return fillTemplate(t, params, surface);
}
export type RefusalTemplates = typeof REFUSAL_MESSAGES;
