import { describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { fromWgs84, geojsonFile, gpxFile, KNOWN, kmlFile, osmFile, project, shapefileParts, shapefileZip, strategyProps, zipFiles } from './make-files.ts';
import { importInto, maxDeviationM, ok, STRATEGY } from './helpers.ts';

// Every format round-trips known WGS84 coordinates (projected to the file's grid where it has
// one) back to WGS84 within 0.1 m.
const TOLERANCE_M = 0.1;

describe('GeoJSON', () => {
  it('reads EPSG:2180 from its "crs" member: points, a line and a polygon with a hole land within 0.1 m', async () => {
    const to2180 = fromWgs84(2180);
    const crs = 'urn:ogc:def:crs:EPSG::2180';
    const points = ok(await importInto('spots', [{ name: 'punkty.geojson', bytes: geojsonFile(KNOWN.points.map((p, i) => ({ geometry: { type: 'Point', coordinates: to2180(p) }, properties: strategyProps(`Punkt ${i}`) })), crs) }]));
    expect(points.report).toMatchObject({ total: 3, accepted: 3, repaired: 0, refused: 0 });
    expect(points.report.files[0]!.crs).toMatch(/^EPSG:2180 ETRS89 \/ Poland CS92 \(PUWG 1992\), from the "crs" member/);
    points.features.forEach((f, i) => expect(maxDeviationM(f.geometry.type === 'Point' && f.geometry.coordinates, KNOWN.points[i])).toBeLessThan(TOLERANCE_M));
    expect(points.features.map((f) => f.properties.id)).toEqual(['spots-1', 'spots-2', 'spots-3']);
    expect(points.features[0]!.properties).toMatchObject({ name: 'Punkt 0', description: 'Opis: Punkt 0', goals: ['II.1'], status: 'planned', accuracy: 'surveyed', source: { document: 'Test strategy', section: '1' } });

    const line = ok(await importInto('routes', [{ name: 'trasa.geojson', bytes: geojsonFile([{ geometry: { type: 'LineString', coordinates: project(KNOWN.line, to2180) }, properties: strategyProps('Trasa') }], 'EPSG:2180') }]));
    expect(maxDeviationM((line.features[0]!.geometry as { coordinates: Position[] }).coordinates, KNOWN.line)).toBeLessThan(TOLERANCE_M);

    const park = ok(await importInto('parks', [{ name: 'park.geojson', bytes: geojsonFile([{ geometry: { type: 'Polygon', coordinates: project(KNOWN.polygon, to2180) }, properties: strategyProps('Park') }], 'http://www.opengis.net/def/crs/EPSG/0/2180') }]));
    expect(park.report).toMatchObject({ accepted: 1, repaired: 0 });
    expect(maxDeviationM((park.features[0]!.geometry as { coordinates: Position[][] }).coordinates, KNOWN.polygon)).toBeLessThan(TOLERANCE_M);
  });

  it.each([2176, 2177, 2178, 2179, 3857])('reads EPSG:%i given with --from within 0.1 m', async (epsg) => {
    const to = fromWgs84(epsg);
    const bytes = geojsonFile(KNOWN.points.map((p, i) => ({ geometry: { type: 'Point', coordinates: to(p) }, properties: strategyProps(`P${i}`) })));
    const out = ok(await importInto('spots', [{ name: 'p.geojson', bytes }], { from: `EPSG:${epsg}` }));
    expect(out.report.files[0]!.crs).toMatch(new RegExp(`^EPSG:${epsg} .*from --from$`));
    out.features.forEach((f, i) => expect(maxDeviationM((f.geometry as { coordinates: Position }).coordinates, KNOWN.points[i])).toBeLessThan(TOLERANCE_M));
  });

  it('takes WGS84 without a CRS when the coordinates are degrees, and properties of the same name as they are', async () => {
    const bytes = geojsonFile([{ geometry: { type: 'Point', coordinates: KNOWN.points[0] }, properties: { name: 'Ławka', description: 'Przy stawie', goals: 'I.1, II.1', category: 'ławka' } }]);
    const out = ok(await importInto('spots', [{ name: 'p.geojson', bytes }], { map: {}, set: STRATEGY.set }));
    expect(out.features[0]!.properties).toMatchObject({ name: 'Ławka', description: 'Przy stawie', goals: ['I.1', 'II.1'], category: 'ławka' });
    expect(out.report.files[0]!.crs).toMatch(/^EPSG:4326 .*look like degrees/);
  });
});

describe('zipped Shapefile', () => {
  it('reads EPSG:2180 from the .prj and windows-1250 attributes named by the .cpg; polygons with holes within 0.1 m', async () => {
    const zip = shapefileZip([{ type: 'Polygon', coordinates: KNOWN.polygon }], [{ NAZWA: 'Łąka nad Wisłą', OPIS: 'Zieleń, źródło, żółć' }], { encoding: 'windows-1250', cpg: '1250' });
    const out = ok(await importInto('parks', [{ name: 'parki.zip', bytes: zip }]));
    expect(out.report).toMatchObject({ accepted: 1, repaired: 0, refused: 0 });
    expect(out.report.files[0]).toMatchObject({ format: 'shapefile', notes: ['.dbf read as windows-1250 (.cpg file)'] });
    expect(out.report.files[0]!.crs).toMatch(/^EPSG:2180 .*from the \.prj file/);
    expect(out.features[0]!.properties).toMatchObject({ name: 'Łąka nad Wisłą', description: 'Zieleń, źródło, żółć' });
    expect(maxDeviationM((out.features[0]!.geometry as { coordinates: Position[][] }).coordinates, KNOWN.polygon)).toBeLessThan(TOLERANCE_M);
  });

  it('reads points and lines, and guesses the .dbf encoding without a .cpg (UTF-8 when valid, else windows-1250)', async () => {
    const shapes = KNOWN.points.map((p) => ({ type: 'Point' as const, coordinates: p }));
    const attrs = KNOWN.points.map((_, i) => ({ NAZWA: `Źródło ${i}`, OPIS: 'Ścieżka' }));
    for (const encoding of ['utf-8', 'windows-1250'] as const) {
      const out = ok(await importInto('spots', [{ name: 'zrodla.zip', bytes: shapefileZip(shapes, attrs, { encoding }) }]));
      expect(out.features.map((f) => f.properties.name)).toEqual(['Źródło 0', 'Źródło 1', 'Źródło 2']);
      expect(out.report.files[0]!.notes[0]).toMatch(encoding === 'utf-8' ? /as utf-8 \(its text is valid UTF-8\)/ : /as windows-1250 \(not UTF-8/);
      out.features.forEach((f, i) => expect(maxDeviationM((f.geometry as { coordinates: Position }).coordinates, KNOWN.points[i])).toBeLessThan(TOLERANCE_M));
    }
    const line = ok(await importInto('routes', [{ name: 'trasa.zip', bytes: shapefileZip([{ type: 'LineString', coordinates: KNOWN.line }], [{ NAZWA: 'Trasa', OPIS: 'Opis' }]) }]));
    expect(maxDeviationM((line.features[0]!.geometry as { coordinates: Position[] }).coordinates, KNOWN.line)).toBeLessThan(TOLERANCE_M);
  });

  it('reads the .dbf code page byte when there is no .cpg', async () => {
    const { shp, shx, dbf } = shapefileParts([{ type: 'Point', coordinates: fromWgs84(2180)(KNOWN.points[0]!) }], [{ NAZWA: 'Łódź', OPIS: 'x' }], 'windows-1250');
    dbf[29] = 0xc8; // windows-1250
    const zip = zipFiles([{ name: 'a.shp', data: shp }, { name: 'a.shx', data: shx }, { name: 'a.dbf', data: dbf }]);
    const out = ok(await importInto('spots', [{ name: 'a.zip', bytes: zip }], { from: 'EPSG:2180' }));
    expect(out.report.files[0]!.notes).toEqual(['.dbf read as windows-1250 (code page byte of the .dbf)']);
    expect(out.features[0]!.properties.name).toBe('Łódź');
  });

  it('honours --encoding over the guess, and ids from an attribute with --id-from', async () => {
    const zip = shapefileZip([{ type: 'Point', coordinates: KNOWN.points[0]! }], [{ NAZWA: 'Żabka', OPIS: 'x', KOD: 'Punkt Żółty 7' }], { encoding: 'windows-1250' });
    const out = ok(await importInto('spots', [{ name: 'a.zip', bytes: zip }], { encoding: 'windows-1252', idFrom: 'KOD' }));
    expect(out.report.files[0]!.notes[0]).toBe('.dbf read as windows-1252 (--encoding)');
    expect(out.features[0]!.properties).toMatchObject({ id: 'punkt-o3ty-7', name: '¯abka' });
    const right = ok(await importInto('spots', [{ name: 'a.zip', bytes: zip }], { idFrom: 'KOD' }));
    expect(right.features[0]!.properties).toMatchObject({ id: 'punkt-zolty-7', name: 'Żabka' });
  });
});

describe('KML and GPX (WGS84 by definition)', () => {
  it('reads KML placemarks with name and description, dropping heights (reported as a repair)', async () => {
    const kml = kmlFile([
      { name: 'Ogród', description: 'Ogród deszczowy', geometry: { type: 'Point', coordinates: KNOWN.points[1] } },
      { name: 'Park', description: 'Park z oczkiem', geometry: { type: 'Polygon', coordinates: KNOWN.polygon } },
    ]);
    const spots = await importInto('spots', [{ name: 'mapa.kml', bytes: kml }], { map: {}, set: STRATEGY.set });
    const out = ok(spots);
    expect(out.report.files[0]!.crs).toMatch(/^EPSG:4326 .*KML is WGS84 by definition/);
    expect(out.report.items[0]).toMatchObject({ id: 'spots-1', status: 'repaired', repairs: ['dropped Z/M values'] });
    expect(out.features[0]!.properties).toMatchObject({ name: 'Ogród', description: 'Ogród deszczowy' });
    expect(maxDeviationM((out.features[0]!.geometry as { coordinates: Position }).coordinates, KNOWN.points[1])).toBeLessThan(TOLERANCE_M);
    expect(out.report.items[1]).toMatchObject({ status: 'refused', reason: 'a Polygon is not allowed in a layer of kind "point" (it takes Point)' });

    const parks = ok(await importInto('parks', [{ name: 'mapa.kml', bytes: kml }], { map: {}, set: STRATEGY.set }));
    expect(maxDeviationM((parks.features[0]!.geometry as { coordinates: Position[][] }).coordinates, KNOWN.polygon)).toBeLessThan(TOLERANCE_M);
  });

  it('reads GPX waypoints into a point layer and tracks into a route layer', async () => {
    const gpx = gpxFile(KNOWN.points.map((p, i) => ({ name: `Punkt ${i}`, at: p })), { name: 'Przejazd', points: KNOWN.line });
    const mapping = { map: { description: 'desc' }, set: STRATEGY.set };
    const points = ok(await importInto('spots', [{ name: 'trasa.gpx', bytes: gpx }], mapping));
    expect(points.report).toMatchObject({ total: 4, repaired: 3, refused: 1 });
    points.features.forEach((f, i) => expect(maxDeviationM((f.geometry as { coordinates: Position }).coordinates, KNOWN.points[i])).toBeLessThan(TOLERANCE_M));
    expect(points.features[2]!.properties).toMatchObject({ name: 'Punkt 2', description: 'Opis: Punkt 2' });
    const route = ok(await importInto('routes', [{ name: 'trasa.gpx', bytes: gpx }], mapping));
    expect(route.features).toHaveLength(1);
    expect(route.features[0]!.properties.name).toBe('Przejazd');
    expect(maxDeviationM((route.features[0]!.geometry as { coordinates: Position[] }).coordinates, KNOWN.line)).toBeLessThan(TOLERANCE_M);
  });
});

describe('OSM XML', () => {
  it('reads tagged nodes, ways and a multipolygon relation with its hole, tags as attributes and "@id"', async () => {
    const osm = osmFile(KNOWN.points, KNOWN.line, KNOWN.polygon);
    const set = { ...STRATEGY.set, description: 'Z OpenStreetMap' };
    const benches = ok(await importInto('spots', [{ name: 'export.osm', bytes: osm }], { map: {}, set, idFrom: '@id' }));
    expect(benches.report).toMatchObject({ total: 5, accepted: 3, refused: 2 });
    expect(benches.features.map((f) => [f.properties.id, f.properties.name])).toEqual([['node-1', 'Ławka 1'], ['node-2', 'Ławka 2'], ['node-3', 'Ławka 3']]);
    benches.features.forEach((f, i) => expect(maxDeviationM((f.geometry as { coordinates: Position }).coordinates, KNOWN.points[i])).toBeLessThan(TOLERANCE_M));

    const route = ok(await importInto('routes', [{ name: 'export.osm', bytes: osm }], { map: {}, set }));
    expect(route.features[0]!.properties.name).toBe('Ścieżka rowerowa');
    expect(maxDeviationM((route.features[0]!.geometry as { coordinates: Position[] }).coordinates, KNOWN.line)).toBeLessThan(TOLERANCE_M);

    const park = ok(await importInto('parks', [{ name: 'export.osm', bytes: osm }], { map: {}, set }));
    expect(park.features).toHaveLength(1);
    expect(park.features[0]!.properties.name).toBe('Park Miejski');
    expect(maxDeviationM((park.features[0]!.geometry as { coordinates: Position[][] }).coordinates, KNOWN.polygon)).toBeLessThan(TOLERANCE_M);
  });
});
