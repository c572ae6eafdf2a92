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
});
