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

  it('takes a postgres DATABASE_URL, keeps SQLite when unset, and refuses anything else without echoing it', () => {
    expect(readConfig({}).DATABASE_URL).toBe('');
    expect(readConfig({ DATABASE_URL: 'postgres://plan:s%40cret@db:5432/plan' }).DATABASE_URL).toBe('postgres://plan:s%40cret@db:5432/plan');
    expect(readConfig({ DATABASE_URL: 'postgresql://localhost/plan' }).DATABASE_URL).toBe('postgresql://localhost/plan');
    expect(() => readConfig({ DATABASE_URL: 'mysql://root:hunter2@db/plan' })).toThrow(/DATABASE_URL: use a postgres:\/\/user:password@host:port\/database URL/);
    expect(() => readConfig({ DATABASE_URL: 'mysql://root:hunter2@db/plan' })).not.toThrow(/hunter2/);
    expect(() => readConfig({ DATABASE_URL: 'postgres://u:p@host:99999/db' })).toThrow(/DATABASE_URL: not a valid URL/);
  });

  it('takes DEFAULT_CITY as a pack id', () => {
    expect(readConfig({ DEFAULT_CITY: 'kalisz' }).DEFAULT_CITY).toBe('kalisz');
    expect(() => readConfig({ DEFAULT_CITY: 'Kraśnik' })).toThrow(/DEFAULT_CITY: a pack id/);
  });
});
