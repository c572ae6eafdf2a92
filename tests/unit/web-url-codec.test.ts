import { describe, expect, it } from 'vitest';
import { decodeHash, emptyHashState, encodeHash, type HashState } from '../../web/state/url-codec.ts';

const full: HashState = {
  city: 'krasnik',
  view: { zoom: 12.4, lat: 50.94, lon: 22.19 },
  layers: ['trasy-rowerowe', 'zalew'],
  feature: 'trasa-urzedowska',
  district: 'piaski',
  tab: 'districts',
  choropleth: 'bike-km',
};

describe('url codec', () => {
  it('encodes city, view and parameters', () => {
    expect(encodeHash(full)).toBe('#krasnik/12.4/50.94/22.19?layers=trasy-rowerowe,zalew&f=trasa-urzedowska&d=piaski&tab=dzielnice&c=bike-km');
  });

  it('round-trips a full state', () => {
    expect(decodeHash(encodeHash(full))).toEqual(full);
  });

  it('round-trips a minimal state', () => {
    const s = { ...emptyHashState(), city: 'krasnik' };
    expect(encodeHash(s)).toBe('#krasnik');
    expect(decodeHash(encodeHash(s))).toEqual(s);
  });

  it('encodes no city as an empty hash', () => {
    expect(encodeHash(emptyHashState())).toBe('');
    expect(decodeHash('')).toEqual(emptyHashState());
    expect(decodeHash('#')).toEqual(emptyHashState());
  });

  it('rounds the view so links stay short', () => {
    const h = encodeHash({ ...emptyHashState(), city: 'krasnik', view: { zoom: 12.345678, lat: 50.9412345678, lon: 22.1912345678 } });
    expect(h).toBe('#krasnik/12.35/50.94123/22.19123');
  });

  it('keeps an explicit empty layer list (all layers off)', () => {
    const s = { ...emptyHashState(), city: 'krasnik', layers: [] };
    expect(encodeHash(s)).toBe('#krasnik?layers=');
    expect(decodeHash('#krasnik?layers=').layers).toEqual([]);
  });

  it('omits the default tab', () => {
    expect(encodeHash({ ...emptyHashState(), city: 'krasnik', tab: 'layers' })).toBe('#krasnik');
    expect(decodeHash('#krasnik?tab=strategia').tab).toBe('strategy');
  });

  it('drops malformed parts instead of throwing', () => {
    const s = decodeHash('#krasnik/abc/91/500?layers=ok,BAD id,%E0%A4%A&f=<script>&d=piaski&tab=nope&c=unknown&zzz=1');
    expect(s.city).toBe('krasnik');
    expect(s.view).toBeNull();
    expect(s.layers).toEqual(['ok']);
    expect(s.feature).toBeNull();
    expect(s.district).toBe('piaski');
    expect(s.tab).toBeNull();
    expect(s.choropleth).toBeNull();
  });

  it('rejects out-of-range coordinates', () => {
    expect(decodeHash('#krasnik/12/95/22').view).toBeNull();
    expect(decodeHash('#krasnik/30/50/22').view).toBeNull();
    expect(decodeHash('#krasnik/12/50.9/22.2').view).toEqual({ zoom: 12, lat: 50.9, lon: 22.2 });
  });

  it('accepts a hash without the leading #', () => {
    expect(decodeHash('krasnik/12/50.9/22.2?f=x').feature).toBe('x');
  });

  it('carries the time control date and the "changes since" date, and reads them back', () => {
    const s: HashState = { ...full, at: '2026-05-01', since: '2025-12-31' };
    const h = encodeHash(s);
    expect(h).toBe('#krasnik/12.4/50.94/22.19?layers=trasy-rowerowe,zalew&f=trasa-urzedowska&d=piaski&tab=dzielnice&c=bike-km&t=2026-05-01&od=2025-12-31');
    expect(decodeHash(h)).toMatchObject({ at: '2026-05-01', since: '2025-12-31', district: 'piaski' });
    expect(encodeHash({ ...emptyHashState(), city: 'krasnik', at: null, since: null })).toBe('#krasnik');
  });

  it('drops a date that is malformed or does not exist', () => {
    expect(decodeHash('#krasnik?t=2026-02-30').at).toBeNull();
    expect(decodeHash('#krasnik?t=26-1-1&od=yesterday').at).toBeNull();
    expect(decodeHash('#krasnik?od=2026-13-01').since).toBeNull();
    expect(decodeHash('#krasnik?t=2024-02-29').at).toBe('2024-02-29');
  });

  it('links a chapter of a year\'s report to the council', () => {
    const s = { ...emptyHashState(), city: 'krasnik', story: 3, council: 2026 };
    expect(encodeHash(s)).toBe('#krasnik/raport/2026/3');
    expect(decodeHash('#krasnik/raport/2026/3')).toMatchObject({ city: 'krasnik', council: 2026, story: 3 });
    expect(decodeHash('#krasnik/raport/2026')).toMatchObject({ council: 2026, story: 1 });
    expect(decodeHash('#krasnik/raport/abc/2').council ?? null).toBeNull();
    expect(decodeHash('#krasnik/raport/abc/2').story ?? null).toBeNull();
  });
});
