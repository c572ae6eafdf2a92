import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/server-process.ts';
import { copyPack } from '../helpers/temp-pack.ts';
import { fromWgs84, geojsonFile, KNOWN, shapefileZip, strategyProps } from './make-files.ts';

// The command line as a person runs it: a child process, exit codes, what it prints and writes.
const SET = ['--set', 'status=planned', '--set', 'accuracy=surveyed', '--set', 'goals=II.1', '--set', 'source.document=Test strategy', '--set', 'source.section=1'];
const MAP = ['--map', 'name=NAZWA', '--map', 'description=OPIS'];

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'import.ts'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function fileIn(dir: string, name: string, bytes: Uint8Array): string {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

const layerIds = (pack: string, layer: string) => (JSON.parse(readFileSync(path.join(pack, 'layers', `${layer}.geojson`), 'utf8')).features as { properties: { id: string } }[]).map((f) => f.properties.id);

// Every test spawns `node --import tsx` (a second or two when idle, far more on a loaded machine).
describe('npm run import', { timeout: 180_000 }, () => {
  it('imports a zipped Shapefile, prints the report and writes the layer; exit 0', () => {
    const pack = copyPack('mini');
    const zip = fileIn(path.dirname(pack), 'parki.zip', shapefileZip([{ type: 'Polygon', coordinates: KNOWN.polygon }], [{ NAZWA: 'Park nad stawem', OPIS: 'Zieleń' }], { encoding: 'windows-1250', cpg: 'CP1250' }));
    const r = cli(['--packs', path.dirname(pack), '--city', 'mini', '--layer', 'parks', ...MAP, ...SET, '--verbose', zip]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Import into mini / parks (strategy layer, kind area), replace');
    expect(r.stdout).toContain('parki.zip: shapefile, 1 feature, EPSG:2180 ETRS89 / Poland CS92 (PUWG 1992), from the .prj file');
    expect(r.stdout).toContain('  ✓ parks-1  parki.zip #1');
    expect(r.stdout).toContain('Accepted 1, repaired 0, refused 0 of 1 feature.');
    expect(r.stdout).toMatch(/Wrote .*parks\.geojson \(1 feature\); the pack mini loads\./);
    expect(layerIds(pack, 'parks')).toEqual(['parks-1']);
  });

  it('exits 1 and writes nothing when a feature is refused; --allow-partial writes the rest and exits 0', () => {
    const pack = copyPack('mini');
    const before = readFileSync(path.join(pack, 'layers', 'spots.geojson'), 'utf8');
    const to2180 = fromWgs84(2180);
    const file = fileIn(path.dirname(pack), 'punkty.geojson', geojsonFile([
      { geometry: { type: 'Point', coordinates: to2180(KNOWN.points[0]!) }, properties: strategyProps('A') },
      { geometry: { type: 'Point', coordinates: to2180(KNOWN.points[1]!) }, properties: { NAZWA: 'Bez opisu' } },
    ]));
    const args = ['--packs', path.dirname(pack), '--city', 'mini', '--layer', 'spots', '--from', 'EPSG:2180', ...MAP, ...SET, file];
    const refused = cli(args);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('✗ spots-2  punkty.geojson #2 — refused: missing "description": map it with --map description=FIELD or give it with --set description=…');
    expect(refused.stdout).toContain('Nothing written: 1 feature was refused. Fix it, or pass --allow-partial to write the rest.');
    expect(readFileSync(path.join(pack, 'layers', 'spots.geojson'), 'utf8')).toBe(before);

    const partial = cli([...args, '--allow-partial']);
    expect(partial.code).toBe(0);
    expect(layerIds(pack, 'spots')).toEqual(['spots-1']);

    const appended = cli([...args, '--allow-partial', '--append']);
    expect(appended.code).toBe(0);
    expect(layerIds(pack, 'spots')).toEqual(['spots-1', 'spots-2']);
  });

  it('exits 2 with a clear message for an unreadable file, an unknown layer or bad usage', () => {
    const pack = copyPack('mini');
    const bad = fileIn(path.dirname(pack), 'zly.kml', new TextEncoder().encode('<kml><Placemark></kml>'));
    const r = cli(['--packs', path.dirname(pack), '--city', 'mini', '--layer', 'spots', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^import: zly\.kml is not valid XML: .*\(line 1, column \d+\)\.\n$/);
    const layer = cli(['--packs', path.dirname(pack), '--city', 'mini', '--layer', 'lasy', bad]);
    expect(layer.code).toBe(2);
    expect(layer.stderr).toContain('City "mini" has no layer "lasy" in its manifest.json; its layers: routes, parks, spots, water.');
    const usage = cli(['--city', 'mini']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('import: --city and --layer are required.');
    expect(usage.stderr).toContain('Usage: npm run import -- --city <city> --layer <layer> [options] FILE…');
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run import/);
  });

  it('puts the old layer back when the pack would no longer load with the new one', () => {
    const pack = copyPack('mini');
    // A story that highlights park-a: replacing the parks layer removes it, so the pack would break.
    writeFileSync(path.join(pack, 'story.json'), JSON.stringify({ title: 'Opowieść', chapters: [{ id: 'start', kind: 'title', title: 'Start', camera: { center: [22.01, 50.905], zoom: 14 }, highlight: ['park-a'] }] }));
    const before = readFileSync(path.join(pack, 'layers', 'parks.geojson'), 'utf8');
    const file = fileIn(path.dirname(pack), 'p.geojson', geojsonFile([{ geometry: { type: 'Polygon', coordinates: [KNOWN.polygon[0]] }, properties: strategyProps('Nowy') }]));
    const r = cli(['--packs', path.dirname(pack), '--city', 'mini', '--layer', 'parks', ...MAP, ...SET, file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/The pack would no longer load with this layer, so .*parks\.geojson was put back as it was:\n {2}- mini\/story\.json: chapter 1 "start": unknown feature "park-a" in "highlight"/);
    expect(readFileSync(path.join(pack, 'layers', 'parks.geojson'), 'utf8')).toBe(before);
  });

  it('imports 100 000 point features with peak memory under 1 GB', { timeout: 180_000 }, () => {
    const pack = copyPack('mini');
    const dir = mkdtempSync(path.join(tmpdir(), 'kp-big-'));
    const to2180 = fromWgs84(2180);
    const N = 100_000;
    const features = Array.from({ length: N }, (_, i) => ({
      geometry: { type: 'Point', coordinates: to2180([22.0 + 0.02 * ((i * 7919) % N) / N, 50.9 + 0.01 * (i % 997) / 997]) },
      properties: { NAZWA: `Punkt ${i}`, OPIS: 'Punkt pomiarowy' },
    }));
    const file = fileIn(dir, 'duzy.geojson', geojsonFile(features, 'EPSG:2180'));
    const r = cli(['--packs', path.dirname(pack), '--city', 'mini', '--layer', 'spots', ...MAP, ...SET, '--json', file]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { total: number; accepted: number; written: { features: number }; stats: { ms: number; peakRssMB: number } };
    expect(out).toMatchObject({ total: N, accepted: N, written: { features: N } });
    expect(r.stderr).toContain('import: 100% (100000/100000 features)');
    console.log(`100k import: ${(out.stats.ms / 1000).toFixed(1)} s, peak RSS ${out.stats.peakRssMB} MB`);
    expect(out.stats.peakRssMB).toBeLessThan(1024);
    expect(layerIds(pack, 'spots')).toHaveLength(N);
  });
});
