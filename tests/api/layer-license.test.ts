/**
 * Licences travel with the data: the catalogue names each layer's licence, a layer download
 * carries the licence and attribution inside the GeoJSON and a Link rel="license", and every
 * imported feature names its dataset, commit and licence. The project's own drawings carry none.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CityDetail } from '../../server/api-types.ts';
import { testApp } from '../helpers/test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});

const ODBL = 'https://opendatacommons.org/licenses/odbl/1-0/';

describe('licences of imported layers', () => {
  it('the Kalisz catalogue gives ODbL for the OSM streets and water, CC0 for the stations, none for the schematic river', async () => {
    const detail = (await (await t.request('/api/cities/kalisz')).json()) as CityDetail;
    const byId = Object.fromEntries(detail.layers.map((l) => [l.id, l]));
    expect(byId['context-streets']!.license).toMatchObject({ id: 'ODbL-1.0', url: ODBL, attribution: '© OpenStreetMap contributors (ODbL)' });
    expect(byId['context-water']!.license?.id).toBe('ODbL-1.0');
    expect(byId['context-landmarks']!.license?.id).toBe('CC0-1.0');
    expect(byId['context-rivers']!.license).toBeUndefined();
    expect(byId['context-streets']!.accuracy).toBe('approximate');
  });

  it('a layer download carries licence, attribution and a Link rel="license"; each feature names dataset, commit and licence', async () => {
    const res = await t.request('/api/cities/kalisz/layers/context-streets?download=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="kalisz-context-streets.geojson"');
    expect(res.headers.get('link')).toBe(`<${ODBL}>; rel="license"`);
    const body = (await res.json()) as { attribution: string; license: { id: string }; features: { properties: { name: string; accuracy: string; source: Record<string, string> } }[] };
    expect(body.attribution).toBe('© OpenStreetMap contributors (ODbL)');
    expect(body.license.id).toBe('ODbL-1.0');
    expect(body.features.length).toBeGreaterThan(300);
    for (const f of body.features) {
      expect(f.properties.accuracy).toBe('approximate');
      expect(f.properties.source).toMatchObject({ license: 'ODbL-1.0', commit: expect.stringMatching(/^[0-9a-f]{40}$/), dataset: expect.stringContaining('GTA-Kalisz') });
    }
    // Names with Polish letters survive the import.
    const names = new Set(body.features.map((f) => f.properties.name));
    for (const n of ['Aleja Wojska Polskiego', 'Śródmiejska', 'Górnośląska', 'Częstochowska']) expect(names).toContain(n);
  });

  it('a layer the project drew itself has no licence member and no Link header', async () => {
    const res = await t.request('/api/cities/kalisz/layers/context-rivers');
    expect(res.headers.get('link')).toBeNull();
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.license).toBeUndefined();
  });

  it("Kraśnik's railway and station come from PLRailMap (CC0) instead of the drawn ones", async () => {
    const body = (await (await t.request('/api/cities/krasnik/layers/context-railway')).json()) as { license: { id: string }; features: { geometry: { type: string; coordinates: number[] }; properties: { id: string; accuracy: string; source: { dataset?: string; license?: string } } }[] };
    expect(body.license.id).toBe('CC0-1.0');
    const station = body.features.find((f) => f.properties.id === 'stacja-krasnik')!;
    expect(station.geometry.coordinates[0]).toBeCloseTo(22.2835, 3);
    expect(station.geometry.coordinates[1]).toBeCloseTo(50.9295, 3);
    expect(body.features.every((f) => f.properties.source.license === 'CC0-1.0' && f.properties.accuracy === 'approximate')).toBe(true);
  });
});
