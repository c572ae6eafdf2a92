import { describe, expect, it } from 'vitest';
import { BasemapEntry, basemapListOrigins, basemapOption, parseBasemapsEnv } from '../../server/basemaps/basemaps.ts';
import { readConfig } from '../../server/config.ts';

describe('basemap configuration', () => {
  it('a WMS layer becomes GetMap tiles in EPSG:3857 with MapLibre’s bbox placeholder', () => {
    const o = basemapOption(BasemapEntry.parse({ id: 'orto', type: 'wms', title: 'Ortofotomapa', url: 'https://mapy.geoportal.gov.pl/wss/service/PZGIK/ORTO/WMS/StandardResolution', layers: 'Raster', format: 'image/jpeg', attribution: '© GUGiK' }));
    expect(o.type).toBe('raster');
    const u = new URL((o as { tiles: string[] }).tiles[0]!.replace('{bbox-epsg-3857}', '1,2,3,4'));
    expect(Object.fromEntries(u.searchParams)).toMatchObject({ SERVICE: 'WMS', REQUEST: 'GetMap', VERSION: '1.3.0', LAYERS: 'Raster', CRS: 'EPSG:3857', WIDTH: '256', HEIGHT: '256', BBOX: '1,2,3,4', FORMAT: 'image/jpeg' });
    expect((o as { tiles: string[] }).tiles[0]).toContain('BBOX={bbox-epsg-3857}');
  });

  it('WMS 1.1.1 uses SRS; a WMTS KVP endpoint becomes GetTile with {z}/{y}/{x}', () => {
    const w = basemapOption(BasemapEntry.parse({ id: 'a', type: 'wms', title: 'A', url: 'https://x.example/wms?map=1', layers: 'l', version: '1.1.1', attribution: 'x' })) as { tiles: string[] };
    expect(w.tiles[0]).toMatch(/^https:\/\/x\.example\/wms\?map=1&SERVICE=WMS.*&SRS=EPSG:3857/);
    const t = basemapOption(BasemapEntry.parse({ id: 'b', type: 'wmts', title: 'B', url: 'https://x.example/wmts', layer: 'ORTO', tileMatrixSet: 'EPSG:3857', matrixPrefix: 'EPSG:3857:', attribution: 'x' })) as { tiles: string[] };
    expect(t.tiles[0]).toContain('TILEMATRIX=EPSG:3857:{z}&TILEROW={y}&TILECOL={x}');
  });

  it('BASEMAPS is validated: a bad entry stops the server naming the field', () => {
    expect(() => readConfig({ BASEMAPS: 'not json' })).toThrow(/BASEMAPS: .*not valid JSON/);
    expect(() => readConfig({ BASEMAPS: JSON.stringify([{ id: 'x', type: 'wms', title: 'X', url: 'ftp://x', layers: 'a', attribution: 'a' }]) })).toThrow(/BASEMAPS: .*0\.url: an http\(s\) URL/);
    expect(() => readConfig({ BASEMAPS: JSON.stringify([{ id: 'x', type: 'xyz', title: 'X', tiles: ['https://t/{z}.png'], attribution: 'a' }]) })).toThrow(/\{z\}, \{x\} and \{y\}/);
    expect(parseBasemapsEnv('')).toEqual([]);
  });

  it('the CSP origins cover every basemap', () => {
    const list = parseBasemapsEnv(JSON.stringify([{ id: 'o', type: 'xyz', title: 'OSM', tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'], attribution: '© OpenStreetMap' }, { id: 's', type: 'style', title: 'S', url: 'https://maps.example/style.json', attribution: 'x' }])).map(basemapOption);
    expect(basemapListOrigins(list)).toEqual(['https://tile.openstreetmap.org', 'https://maps.example']);
  });
});
