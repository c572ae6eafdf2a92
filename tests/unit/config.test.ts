import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';

describe('readConfig', () => {
  it('defaults to port 8080, an embedded data dir and no online basemap', () => {
    const c = readConfig({});
    expect(c.PORT).toBe(8080);
    expect(c.DATA_DIR).toMatch(/var$/);
    expect(c.BASEMAP).toBe('');
  });

  it('names the bad variable', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/Invalid environment: PORT: /);
    expect(() => readConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => readConfig({ BASEMAP: 'google' })).toThrow(/BASEMAP: use "" \(off\), "osm"/);
  });

  it('accepts PORT, DATA_DIR and a basemap style URL', () => {
    const c = readConfig({ PORT: '9000', DATA_DIR: '/tmp/x', BASEMAP: 'https://example.org/style.json' });
    expect(c).toMatchObject({ PORT: 9000, DATA_DIR: '/tmp/x', BASEMAP: 'https://example.org/style.json' });
  });
});
