import { describe, expect, it } from 'vitest';
import { crsFromPrj, epsgFromName } from '../../server/import/crs.ts';
import { sniffFormat } from '../../server/import/sniff-format.ts';
import { toWgs84 } from '../../server/import/reproject.ts';
import { PRJ_2180 } from './make-files.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('epsgFromName', () => {
  it.each([
    ['urn:ogc:def:crs:EPSG::2180', 2180],
    ['urn:ogc:def:crs:EPSG:6.18.3:2177', 2177],
    ['EPSG:2176', 2176],
    ['http://www.opengis.net/def/crs/EPSG/0/2179', 2179],
    ['urn:ogc:def:crs:OGC:1.3:CRS84', 4326],
    ['EPSG:4258', 4326],
    ['EPSG:900913', 3857],
    ['3857', 3857],
    ['EPSG:32634', null],
    ['Lambert', null],
  ])('%s → %s', (name, code) => expect(epsgFromName(name)).toBe(code));
});

describe('crsFromPrj', () => {
  const esri = (name: string, params: string) =>
    `PROJCS["${name}",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],${params},UNIT["Meter",1.0]]`;
  const tm = (fe: number, fn: number, cm: number, k: number) => `PARAMETER["False_Easting",${fe}],PARAMETER["False_Northing",${fn}],PARAMETER["Central_Meridian",${cm}],PARAMETER["Scale_Factor",${k}],PARAMETER["Latitude_Of_Origin",0.0]`;
  it.each([
    ['ESRI CS92', PRJ_2180, 2180],
    ['ESRI CS2000 zone 7', esri('ETRS_1989_Poland_CS2000_Zone_7', tm(7500000, 0, 21, 0.999923)), 2178],
    ['unnamed TM with CS92 parameters', esri('Custom', tm(500000, -5300000, 19, 0.9993)), 2180],
    ['unnamed TM with CS2000 zone 5 parameters', esri('Custom', tm(5500000, 0, 15, 0.999923)), 2176],
    [
      'GDAL OGC WKT with AUTHORITY',
      'PROJCS["ETRS89 / Poland CS92",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6258"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4258"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",19],PARAMETER["scale_factor",0.9993],PARAMETER["false_easting",500000],PARAMETER["false_northing",-5300000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","2180"]]',
      2180,
    ],
    [
      'ESRI Web Mercator',
      'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]',
      3857,
    ],
    ['GCS WGS 84', 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]', 4326],
  ])('%s', (_label, wkt, epsg) => expect(crsFromPrj(wkt)).toEqual({ epsg }));

  it('names what it does not know', () => {
    expect(crsFromPrj(esri('Pulkovo_1942_GK_Zone_4', tm(4500000, 0, 21, 1)))).toEqual({ unknown: 'Pulkovo_1942_GK_Zone_4' });
  });
});

describe('toWgs84', () => {
  it('takes a published EPSG:2180 point to its WGS84 position (epsg.io: 50.93 N 22.25 E ≈ 728300.53, 345376.82)', () => {
    const [lon, lat] = toWgs84(2180)([728300.5287, 345376.8244]);
    expect(lon).toBeCloseTo(22.25, 7);
    expect(lat).toBeCloseTo(50.93, 7);
  });
});

describe('sniffFormat', () => {
  it.each([
    ['  \n{"type":"FeatureCollection"}', 'geojson'],
    ['\uFEFF{"features":[]}', 'geojson'],
    ['<?xml version="1.0"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">', 'kml'],
    ['<?xml version="1.0"?><!-- comment --><!DOCTYPE gpx><gpx version="1.1">', 'gpx'],
    ["<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\">", 'osm'],
    ['<kml:kml xmlns:kml="http://www.opengis.net/kml/2.2">', 'kml'],
  ])('%j → %s', (text, format) => expect(sniffFormat(enc(text))).toBe(format));

  it('knows a zip by its magic bytes whatever its name', () => {
    expect(sniffFormat(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'dane.geojson')).toBe('shapefile');
  });
});
