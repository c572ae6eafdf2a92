/**
 * The viewer's house rules, read from the source: one map owner (only web/map/ imports
 * maplibre-gl), i18n/ a leaf, state/ map/ api/ never import upward into app/ or a feature
 * folder's components, no hand-made requestUpdate() outside components, no regular
 * expression over a server message, and nothing of the server at run time but its two refusal
 * catalogues (data, whose English is the viewer's English).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB = path.resolve(import.meta.dirname, '..', '..', 'web');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const all = files(WEB).map((p) => ({ rel: path.relative(WEB, p).split(path.sep).join('/'), src: readFileSync(p, 'utf8') }));
/** Every module a file imports (static, dynamic and type-only), resolved to a path under web/ when relative. */
function importsOf(file: { rel: string; src: string }): string[] {
  const specs = [...file.src.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => (s.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file.rel), s)) : s));
}
const folder = (rel: string) => rel.split('/')[0]!;

describe('the house of web/', () => {
  it('has its files where the layout says (a sanity check of the reader)', () => {
    expect(all.some((f) => f.rel === 'map/kp-map-view.ts')).toBe(true);
    expect(all.some((f) => f.rel === 'state/viewer.ts')).toBe(true);
    expect(importsOf(all.find((f) => f.rel === 'app/kp-app.ts')!)).toContain('state/viewer.ts');
  });

  it('one map owner: no file outside web/map/ imports maplibre-gl', () => {
    const outside = all.filter((f) => folder(f.rel) !== 'map' && importsOf(f).some((s) => s === 'maplibre-gl' || s.startsWith('maplibre-gl/')));
    expect(outside.map((f) => f.rel)).toEqual([]);
  });

  it('i18n/ is a leaf: it imports nothing of the app', () => {
    const bad = all
      .filter((f) => folder(f.rel) === 'i18n')
      .flatMap((f) => importsOf(f).filter((s) => !s.startsWith('i18n/') && s !== 'lit' && !s.startsWith('../styles/') && !s.startsWith('../server/') /* checked below */).map((s) => `${f.rel} → ${s}`));
    expect(bad).toEqual([]);
  });

  it('takes from the server only types, and the two refusal catalogues (which import nothing else)', () => {
    const CATALOGUES = ['../server/http/messages.ts', '../server/http/import-line-messages.ts'];
    const valueImports = all.flatMap((f) =>
      [...f.src.matchAll(/^import\s+(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gms)]
        .map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(f.rel), m[1]!)))
        .filter((s) => s.startsWith('../server/') && !CATALOGUES.includes(s))
        .map((s) => `${f.rel} → ${s}`),
    );
    expect(valueImports).toEqual([]);
    // The catalogues stay leaves: pure data and template functions, nothing of the server behind them.
    for (const c of CATALOGUES) {
      const src = readFileSync(path.resolve(WEB, c), 'utf8');
      const deps = [...src.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
      expect(deps.filter((d) => d !== './messages.ts')).toEqual([]);
    }
  });

  it('state/, map/ and api/ never import upward into app/ or a feature folder', () => {
    const upward = new Set(['app', 'proposals', 'story', 'districts', 'export', 'import', 'layers', 'strategy', 'components']);
    const bad = all
      .filter((f) => ['state', 'map', 'api'].includes(folder(f.rel)))
      .flatMap((f) => importsOf(f).filter((s) => upward.has(folder(s)) && !s.includes('node_modules')).map((s) => `${f.rel} → ${s}`));
    expect(bad).toEqual([]);
  });

  it('no requestUpdate() by hand outside components (a slice change re-renders; Watch and LocaleController are the controllers that ask)', () => {
    const allowed = new Set(['state/store.ts', 'i18n/locale-controller.ts']);
    const bad = all.filter((f) => !allowed.has(f.rel) && /\.requestUpdate\(/.test(f.src) && !/extends LitElement/.test(f.src));
    expect(bad.map((f) => f.rel)).toEqual([]);
  });

  it('no regular expression is run over a server message', () => {
    const bad = all.filter((f) => /(err|error|e)\.message\)?\.(match|replace)\(|\.exec\((err|error|e)\.message/.test(f.src) || /\/[^/\n]+\/\.exec\([^)]*message/.test(f.src));
    expect(bad.map((f) => f.rel)).toEqual([]);
  });

  it('kp-app is layout and routing: a few hundred lines, its CSS in its own file', () => {
    const app = all.find((f) => f.rel === 'app/kp-app.ts')!;
    expect(app.src.split('\n').length).toBeLessThan(520);
    expect(app.src).not.toMatch(/static styles = css`/);
  });
});
