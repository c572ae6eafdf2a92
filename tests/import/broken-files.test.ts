import { describe, expect, it } from 'vitest';
import { DEFAULT_ZIP_LIMITS } from '../../server/import/read-zip.ts';
import { fromWgs84, geojsonFile, gpxFile, KNOWN, kmlFile, osmFile, PRJ_2180, shapefileParts, shapefileZip, strategyProps, zipFiles } from './make-files.ts';
import { importInto } from './helpers.ts';

// Every broken file is answered with { ok: false, error: { code, message } } — a message that
// says what is wrong and what to do — and never with an exception.
async function refusal(bytes: Uint8Array, name: string, options = {}, layer = 'spots') {
  const out = await importInto(layer, [{ name, bytes }], options);
  if (out.ok) throw new Error(`${name} was imported, expected a refusal`);
  return out.error;
}

const point = shapefileZip([{ type: 'Point', coordinates: KNOWN.points[0]! }], [{ NAZWA: 'A', OPIS: 'B' }]);

describe('zip archives (Shapefile)', () => {
  it('a truncated zip', async () => {
    expect(await refusal(point.subarray(0, Math.floor(point.length / 2)), 'obcięty.zip')).toMatchObject({
      code: 'bad-zip',
      message: expect.stringMatching(/^The zip archive is damaged or truncated \(End of central directory record signature not found\. Either not a zip file, or file is truncated\.\)\.$/),
    });
  });

  it('a zip bomb declaring more than the limit is refused before inflating', async () => {
    const bomb = zipFiles([{ name: 'a.shp', data: new Uint8Array(1000), declaredSize: 300 * 1024 * 1024 }]);
    expect(bomb.length).toBeLessThan(2000);
    expect(await refusal(bomb, 'bomba.zip')).toMatchObject({ code: 'unsafe-zip', message: 'The zip archive unpacks to more than 200 MiB (entry "a.shp" declares 300 MiB); it is refused.' });
  });

  it('a zip bomb lying about its size is stopped while inflating', async () => {
    const bomb = zipFiles([{ name: 'a.shp', data: new Uint8Array(20 * 1024 * 1024), declaredSize: 1000 }]);
    expect(bomb.length).toBeLessThan(50_000);
    const e = await refusal(bomb, 'bomba.zip');
    expect(e.code).toBe('unsafe-zip');
    expect(e.message).toMatch(/^A zip entry unpacks to a different size than it declares \(too many bytes in the stream/);
  });

  it('an honest but extreme compression ratio is refused as a likely bomb', async () => {
    const bomb = zipFiles([{ name: 'a.dbf', data: new Uint8Array(50 * 1024 * 1024) }]);
    const e = await refusal(bomb, 'bomba.zip');
    expect(e).toMatchObject({ code: 'unsafe-zip', message: expect.stringMatching(/^The zip entry "a.dbf" is compressed more than 400:1 \([\d.]+ MiB → 50 MiB\); it looks like a zip bomb/) });
  });

  it('the archive as a whole is capped while inflating, and too many entries are refused', async () => {
    const honest = zipFiles([{ name: 'a.shp', data: new Uint8Array(3000).fill(7) }, { name: 'a.dbf', data: new Uint8Array(3000).fill(8) }]);
    expect(await refusal(honest, 'x.zip', { zipLimits: { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 4000 } })).toMatchObject({ code: 'unsafe-zip', message: expect.stringMatching(/unpacks to more than 0\.004 MiB/) });
    const many = zipFiles(Array.from({ length: 12 }, (_, i) => ({ name: `f${i}.txt`, data: new Uint8Array(1) })));
    expect(await refusal(many, 'x.zip', { zipLimits: { ...DEFAULT_ZIP_LIMITS, maxEntries: 10 } })).toMatchObject({ code: 'unsafe-zip', message: 'The zip archive lists 12 entries; at most 10 are accepted.' });
  });

  it.each(['../../etc/obiekty.shp', '/etc/obiekty.shp', 'a/../../obiekty.dbf'])('a zip with the unsafe path %s', async (name) => {
    const evil = zipFiles([{ name, data: new Uint8Array(10) }]);
    expect(await refusal(evil, 'zły.zip')).toMatchObject({ code: 'unsafe-zip', message: expect.stringMatching(/^The zip archive holds an entry with an unsafe path/) });
  });

  it('a Shapefile without its .dbf, a zip without a .shp, two Shapefiles in one zip', async () => {
    const noDbf = shapefileZip([{ type: 'Point', coordinates: KNOWN.points[0]! }], [{ NAZWA: 'A' }], { omit: ['.dbf'] });
    expect(await refusal(noDbf, 'bez-dbf.zip')).toMatchObject({
      code: 'bad-shapefile',
      message: 'bez-dbf.zip has warstwa/obiekty.shp but no warstwa/obiekty.dbf; the attributes are missing. Zip the .dbf (and .shx, .prj) with it.',
    });
    expect(await refusal(zipFiles([{ name: 'czytaj.txt', data: new Uint8Array(3) }]), 'inne.zip')).toMatchObject({ code: 'bad-shapefile', message: expect.stringMatching(/holds no \.shp file/) });
    const { shp, dbf } = shapefileParts([{ type: 'Point', coordinates: [500000, 300000] }], [{ A: 'x' }]);
    const two = zipFiles([{ name: 'a.shp', data: shp }, { name: 'a.dbf', data: dbf }, { name: 'b.shp', data: shp }, { name: 'b.dbf', data: dbf }]);
    expect(await refusal(two, 'dwa.zip')).toMatchObject({ message: 'dwa.zip holds 2 Shapefiles (a.shp, b.shp); zip and import one at a time.' });
  });

  it('a damaged .shp inside a good zip', async () => {
    const { shp, dbf } = shapefileParts(KNOWN.points.map((p) => ({ type: 'Point' as const, coordinates: fromWgs84(2180)(p) })), [{ A: '1' }, { A: '2' }, { A: '3' }]);
    const cut = zipFiles([{ name: 'a.shp', data: shp.subarray(0, 130) }, { name: 'a.dbf', data: dbf }, { name: 'a.prj', data: new TextEncoder().encode(PRJ_2180) }]);
    expect(await refusal(cut, 'a.zip')).toMatchObject({ code: 'bad-shapefile', message: expect.stringMatching(/^a\.zip: the Shapefile is damaged/) });
  });

  it('a .prj of a coordinate system the import does not know', async () => {
    const utm = 'PROJCS["WGS_1984_UTM_Zone_34N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",21.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    const zip = shapefileZip([{ type: 'Point', coordinates: KNOWN.points[0]! }], [{ NAZWA: 'A', OPIS: 'B' }], { prj: utm });
    expect(await refusal(zip, 'utm.zip')).toMatchObject({ code: 'unknown-crs', message: expect.stringMatching(/^The \.prj of utm\.zip describes "WGS_1984_UTM_Zone_34N", which the import does not know; reproject the file to EPSG:2180/) });
  });
});

describe('XML formats', () => {
  it.each([
    ['mapa.kml', kmlFile([{ name: 'A', description: 'B', geometry: { type: 'Point', coordinates: KNOWN.points[0] } }])],
    ['trasa.gpx', gpxFile([{ name: 'A', at: KNOWN.points[0]! }], { name: 'T', points: KNOWN.line })],
    ['export.osm', osmFile(KNOWN.points, KNOWN.line, KNOWN.polygon)],
  ])('a truncated %s is not valid XML, with the line where it broke', async (name, bytes) => {
    const e = await refusal(bytes.subarray(0, Math.floor(bytes.length * 0.6)), name);
    expect(e.code).toBe('bad-xml');
    expect(e.message).toMatch(new RegExp(`^${name.replace('.', '\\.')} is not valid XML: .+\\(line \\d+, column \\d+\\)\\.$`));
  });

  it('expands no entities: neither a billion laughs nor an external file', async () => {
    const laughs = '<?xml version="1.0"?><!DOCTYPE k [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><kml><Placemark><name>&c;</name></Placemark></kml>';
    expect(await refusal(new TextEncoder().encode(laughs), 'lol.kml')).toMatchObject({ code: 'bad-xml', message: expect.stringMatching(/^lol\.kml is not valid XML: entity not found:&c;/) });
    const xxe = '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]><gpx version="1.1"><wpt lat="50.9" lon="22"><name>&x;</name></wpt></gpx>';
    expect(await refusal(new TextEncoder().encode(xxe), 'x.gpx')).toMatchObject({ code: 'bad-xml', message: expect.stringMatching(/^x\.gpx is not valid XML: entity not found:&x;/) });
  });

  it('XML of another kind, and an OSM way whose nodes are missing (refused per feature)', async () => {
    expect(await refusal(new TextEncoder().encode('<?xml version="1.0"?>\n<!-- x -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'rys.svg')).toMatchObject({
      code: 'unknown-format',
      message: 'rys.svg is XML with root element <svg>; the import reads KML (<kml>), GPX (<gpx>) and OSM XML (<osm>).',
    });
    const osm = new TextEncoder().encode('<osm version="0.6"><node id="1" lat="50.905" lon="22.01"/><way id="5"><nd ref="1"/><nd ref="2"/><tag k="highway" v="path"/><tag k="name" v="Ścieżka"/></way></osm>');
    const out = await importInto('routes', [{ name: 'a.osm', bytes: osm }], { map: {} });
    expect(out.ok && out.report.items).toEqual([
      { id: 'routes-1', source: 'a.osm way/5 "Ścieżka"', valid: false, status: 'refused', repairs: [], repairLines: [], reasonLines: expect.arrayContaining([{ code: 'osm-missing-node', params: { way: '5', node: '2' } }]), reason: expect.stringMatching(/^way\/5 refers to node\/2, which is not in the file \(export with all referenced nodes\); missing "description"/) },
    ]);
  });
});

describe('GeoJSON', () => {
  it('invalid JSON and JSON that is not a FeatureCollection', async () => {
    expect(await refusal(new TextEncoder().encode('{"type": "FeatureCollection", "features": [}'), 'a.geojson')).toMatchObject({ code: 'bad-json', message: expect.stringMatching(/^a\.geojson is not valid JSON: /) });
    const feature = new TextEncoder().encode(JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [22, 50.9] }, properties: {} }));
    expect(await refusal(feature, 'a.geojson')).toMatchObject({ code: 'not-a-feature-collection', message: 'a.geojson is a GeoJSON Feature; a FeatureCollection ({"type": "FeatureCollection", "features": […]}) is expected.' });
    expect(await refusal(new TextEncoder().encode('{"a": 1}'), 'a.json')).toMatchObject({ message: expect.stringMatching(/^a\.json is JSON without a GeoJSON "type"/) });
    expect(await refusal(new TextEncoder().encode('[1, 2]'), 'a.json')).toMatchObject({ code: 'not-a-feature-collection' });
  });

  it('a wrong or missing CRS: unknown code, metres without a CRS, a CRS contradicting --from', async () => {
    const to2180 = fromWgs84(2180);
    const metres = KNOWN.points.map((p) => ({ geometry: { type: 'Point', coordinates: to2180(p) }, properties: strategyProps('x') }));
    expect(await refusal(geojsonFile(metres, 'EPSG:31467'), 'gk.geojson')).toMatchObject({ code: 'unknown-crs', message: expect.stringMatching(/^gk\.geojson says its coordinates are in "EPSG:31467", which the import does not know; use EPSG:2180/) });
    const e = await refusal(geojsonFile(metres), 'bez-crs.geojson');
    expect(e.code).toBe('needs-crs');
    expect(e.message).toMatch(/^bez-crs\.geojson does not say its coordinate system and its coordinates \(e\.g\. \[[\d.]+, [\d.]+\]\) are not degrees; pass --from EPSG:xxxx\. They look like PUWG 1992: try --from EPSG:2180\.$/);
    expect(await refusal(geojsonFile(metres, 'EPSG:2180'), 'a.geojson', { from: 'EPSG:2178' })).toMatchObject({
      code: 'crs-conflict',
      message: 'a.geojson states EPSG:2180 in the "crs" member (EPSG:2180), but --from says EPSG:2178; drop --from or correct the file.',
    });
    expect(await refusal(geojsonFile(metres), 'a.geojson', { from: 'EPSG:9999' })).toMatchObject({ code: 'bad-option', message: expect.stringMatching(/^--from EPSG:9999: unknown coordinate system/) });
  });

  it('metres declared as degrees (--from EPSG:4326) are refused per feature as out of range', async () => {
    const bytes = geojsonFile([{ geometry: { type: 'Point', coordinates: [728300.5, 345376.8] }, properties: strategyProps('x') }]);
    const out = await importInto('spots', [{ name: 'a.geojson', bytes }], { from: 'EPSG:4326' });
    expect(out.ok && out.report.items[0]).toMatchObject({ valid: false, reason: 'position [728300.5, 345376.8] is not a longitude/latitude after reprojection (wrong coordinate system? check --from)' });
  });
});

describe('anything else', () => {
  it.each([
    ['empty file', new Uint8Array(0), 'empty', /is empty\.$/],
    ['PNG', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'unknown-format', /is not a format the import reads\. Use GeoJSON, KML, GPX, OSM XML, or a zip of a Shapefile/],
    ['bare .shp', shapefileParts([{ type: 'Point', coordinates: [1, 2] }], [{ A: 'x' }]).shp, 'unknown-format', /is a bare \.shp file; zip it together with its \.shx, \.dbf and \.prj/],
    ['gzip', Uint8Array.from([0x1f, 0x8b, 8, 0]), 'unknown-format', /is gzip-compressed; unpack it first/],
  ])('%s', async (_label, bytes, code, message) => {
    expect(await refusal(bytes, 'plik')).toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('options naming properties the layer does not have, and a layer the manifest does not list', async () => {
    const bytes = geojsonFile([{ geometry: { type: 'Point', coordinates: KNOWN.points[0] }, properties: strategyProps('x') }]);
    expect(await refusal(bytes, 'a.geojson', { map: { nazwa: 'NAZWA' } })).toMatchObject({ code: 'bad-option', message: expect.stringMatching(/^--map nazwa: features of a strategy layer have no property "nazwa"; they take name, description, goals/) });
    expect(await refusal(bytes, 'a.geojson', { set: { ref: 'x' } })).toMatchObject({ code: 'bad-option' });
    await expect(importInto('nie-ma', [{ name: 'a.geojson', bytes }])).rejects.toThrow(/City "mini" has no layer "nie-ma" in its manifest\.json; its layers: routes, parks, spots, water/);
  });
});
