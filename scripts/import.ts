/**
 * Imports GeoJSON, KML, GPX, zipped Shapefile or OSM XML into a layer of a city pack.
 * Run `npm run import -- --help` for the usage; the core is server/import/.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT_DIR } from '../server/config.ts';
import { formatReport } from '../server/import/format-report.ts';
import { importLayer, layerFileText, type ImportFile } from '../server/import/import-layer.ts';
import { ImportError } from '../server/import/import-error.ts';
import { boundaryTarget, readTarget } from '../server/import/import-target.ts';
import { GEOMETRY_FAMILIES, type GeometryFamily } from '../server/import/select-features.ts';
import { singleBoundary, writeBoundary } from '../server/import/write-boundary.ts';
import type { Accuracy } from '../server/packs/schema.ts';
import { parseAssignments } from '../server/import/map-properties.ts';
import { writeLayer } from '../server/import/write-layer.ts';
import { loadPack } from '../server/packs/load-packs.ts';

const USAGE = `Usage: npm run import -- --city <city> --layer <layer> [options] FILE…
       npm run import -- --city <city> --boundary [options] FILE

Reads GeoJSON, KML, GPX, OSM XML or a zipped Shapefile (.shp + .shx + .dbf [+ .prj, .cpg]),
reprojects to WGS84, maps attributes to the layer's properties, validates every feature
and writes the layer file named in data/<city>/manifest.json. Formats are told by content.

Options:
  --city <id>             city pack: a folder under --packs holding manifest.json
  --layer <id>            layer id in that manifest (its role and kind decide the schema)
  --boundary              replace the town boundary (boundary.geojson) with the file's one
                          polygon; schematic districts (district-seeds.json) are re-cut to it
  --from EPSG:<code>      coordinate system of files that state none: 2180 (PUWG 1992),
                          2176–2179 (PUWG 2000 zones 5–8), 3857 (Web Mercator), 4326 (WGS84)
  --map <prop>=<FIELD>    take a property from an attribute (repeatable): --map name=NAZWA
  --set <prop>=<value>    value of a property when not mapped or empty (repeatable):
                          --set status=existing --set goals=II.4,IV.3
                          --set source.document=… --set source.section=…
                          imported data names its origin: --set source.dataset=…
                          --set source.commit=… --set source.license=ODbL-1.0 --set source.url=…
                          --map takes a template too: --map name="Stacja {name}"
  --accuracy <level>      accuracy of every feature: surveyed only for survey-grade sources
                          (geodetic survey, the town's own GIS); approximate (default) for
                          OpenStreetMap, simplified registers and anything drawn by hand
  --geometry <family>     take only points, lines or polygons (point|line|polygon); the rest
                          are skipped, so a mixed file can feed two layers in two runs
  --where <FIELD>=<value> take only features whose attribute has this value (repeatable)
  --clip                  cut lines and polygons at the town boundary; skip whatever lies
                          wholly outside it (points too)
  --simplify <metres>     simplify lines and polygons (Douglas–Peucker), tolerance in metres
  --id-from <FIELD>       feature ids from an attribute or a template ("stacja-{name}"),
                          made lower-case-and-hyphens; default: <layer>-<n>, n = position
                          in the input (--boundary: the town's id)
  --encoding <name>       text encoding of a Shapefile .dbf (default: its .cpg, else the
                          .dbf code page byte, else UTF-8 when valid, else windows-1250)
  --replace               replace the layer's features (default)
  --append                add to the layer's current features
  --allow-partial         write the accepted features even when some were refused, exit 0
  --dry-run               report only; write nothing
  --json                  print the report as JSON on stdout
  --verbose               list accepted features too
  --packs <dir>           folder of city packs (default: data/)
  -h, --help              this text

Exit status: 0 written (or dry run clean); 1 features refused (nothing written without
--allow-partial) or the pack would no longer load; 2 unreadable file or bad usage.
`;

const ACCURACY = ['surveyed', 'approximate'] as const;

const MAX_FILE_BYTES = 512 * 1024 * 1024;

async function main(argv: string[]): Promise<number> {
  const started = Date.now();
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        city: { type: 'string' },
        layer: { type: 'string' },
        boundary: { type: 'boolean', default: false },
        accuracy: { type: 'string' },
        geometry: { type: 'string' },
        where: { type: 'string', multiple: true, default: [] },
        clip: { type: 'boolean', default: false },
        simplify: { type: 'string' },
        from: { type: 'string' },
        map: { type: 'string', multiple: true, default: [] },
        set: { type: 'string', multiple: true, default: [] },
        'id-from': { type: 'string' },
        encoding: { type: 'string' },
        replace: { type: 'boolean', default: false },
        append: { type: 'boolean', default: false },
        'allow-partial': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        packs: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    return usageError((e as Error).message);
  }
  const o = args.values;
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!o.city || (!o.layer && !o.boundary)) return usageError('--city and --layer are required. To replace the town boundary, give --boundary instead of --layer.');
  if (o.layer && o.boundary) return usageError('--layer and --boundary exclude each other: import a layer or the boundary.');
  if (o.accuracy !== undefined && !ACCURACY.includes(o.accuracy as never)) return usageError(`--accuracy ${o.accuracy}: use one of ${ACCURACY.join(', ')}.`);
  if (o.geometry !== undefined && !GEOMETRY_FAMILIES.includes(o.geometry as never)) return usageError(`--geometry ${o.geometry}: use one of ${GEOMETRY_FAMILIES.join(', ')}.`);
  const simplifyM = o.simplify === undefined ? undefined : Number(o.simplify);
  if (simplifyM !== undefined && !(Number.isFinite(simplifyM) && simplifyM >= 0)) return usageError(`--simplify ${o.simplify}: give a tolerance in metres, e.g. --simplify 2.`);
  if (o.boundary && o.append) return usageError('--append does not apply to --boundary: a town has one boundary.');
  if (o.boundary && o.clip) return usageError('--clip does not apply to --boundary: it cuts features at the boundary being replaced.');
  if (args.positionals.length === 0) return usageError('name at least one FILE to import.');
  if (o.replace && o.append) return usageError('--replace and --append exclude each other.');

  const out = (line: string) => {
    if (!o.json) process.stdout.write(`${line}\n`);
  };
  try {
    const dir = path.resolve(o.packs ?? path.join(ROOT_DIR, 'data'), o.city);
    const target = o.boundary ? await boundaryTarget(dir) : await readTarget(dir, o.layer!);
    if (o.clip && !target.boundary) return fail(2, `--clip: ${path.join(dir, 'boundary.geojson')} is missing or not a polygon.`);
    const files: ImportFile[] = [];
    for (const p of args.positionals) {
      const size = (await stat(p).catch(() => null))?.size;
      if (size === undefined) return fail(2, `${p}: no such file.`);
      if (size > MAX_FILE_BYTES) return fail(2, `${p} is ${(size / 2 ** 20).toFixed(0)} MiB; at most ${MAX_FILE_BYTES / 2 ** 20} MiB per file are read.`);
      files.push({ name: path.basename(p), bytes: await readFile(p) });
    }
    const mode = o.append ? 'append' : 'replace';
    const result = await importLayer(
      files,
      target,
      {
        mode,
        from: o.from,
        encoding: o.encoding,
        idFrom: o['id-from'],
        map: parseAssignments(o.map, 'map', '='),
        set: parseAssignments(o.set, 'set', '='),
        where: parseAssignments(o.where, 'where', '='),
        accuracy: o.accuracy as Accuracy | undefined,
        geometry: o.geometry as GeometryFamily | undefined,
        clipTo: o.clip && !o.boundary ? target.boundary! : undefined,
        simplifyM,
      },
      progressBar(),
    );
    if (!result.ok) return fail(2, result.error.message);
    const { report, features } = result;
    formatReport(report, o.boundary ? { kind: 'area', role: 'boundary' } : target.layer, { verbose: o.verbose }).forEach(out);

    let written: { file: string; features: number } | null = null;
    let code = 0;
    const absFile = path.join(dir, target.layer.file);
    const relFile = path.relative(process.cwd(), absFile).startsWith('..') ? absFile : path.relative(process.cwd(), absFile);
    if (report.refused > 0 && !o['allow-partial']) {
      out(`Nothing written: ${report.refused} feature${report.refused === 1 ? ' was' : 's were'} refused. Fix ${report.refused === 1 ? 'it' : 'them'}, or pass --allow-partial to write the rest.`);
      code = 1;
    } else if (features.length === 0) {
      out('Nothing written: no feature was accepted.');
      code = 1;
    } else if (o['dry-run']) {
      out(`Dry run: would write ${relFile} (${features.length} imported feature${features.length === 1 ? '' : 's'}, ${mode}).`);
    } else if (o.boundary) {
      const w = await writeBoundary(dir, singleBoundary(features));
      if (w.ok) {
        written = { file: relFile, features: 1 };
        out(`Wrote ${relFile} (${w.pack.boundaryAreaKm2.toFixed(2)} km²); the pack ${target.city} loads.`);
        if (w.retiled) out(`Re-cut the ${w.retiled.length} schematic districts from district-seeds.json to the new boundary: ${w.retiled.join(', ')}.`);
      } else {
        code = 1;
        out(`The pack would no longer load with this boundary, so ${relFile}${w.restored ? ' and districts.geojson were put back as they were' : ' was kept'}:`);
        w.problems.slice(0, 30).forEach((p) => out(`  - ${p}`));
      }
    } else {
      const loadedBefore = await loadPack(dir).then(
        () => true,
        () => false,
      );
      const w = await writeLayer(target, layerFileText(target, features, mode), { restoreOnFailure: loadedBefore });
      if (w.ok) {
        const count = w.pack.layers.get(target.layer.id)?.features.length ?? features.length;
        written = { file: relFile, features: count };
        out(`Wrote ${relFile} (${count} feature${count === 1 ? '' : 's'}); the pack ${target.city} loads.`);
      } else {
        code = 1;
        out(w.restored ? `The pack would no longer load with this layer, so ${relFile} was put back as it was:` : `Wrote ${relFile}, but the pack does not load (it did not load before the import either):`);
        w.problems.slice(0, 30).forEach((p) => out(`  - ${p}`));
        if (!w.restored) written = { file: relFile, features: features.length };
      }
    }
    const stats = { ms: Date.now() - started, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
    if (o.json) process.stdout.write(`${JSON.stringify({ ...report, written, stats })}\n`);
    else out(`Done in ${(stats.ms / 1000).toFixed(1)} s, peak memory ${stats.peakRssMB} MB.`);
    return code;
  } catch (e) {
    if (e instanceof ImportError) return fail(2, e.message);
    throw e;
  }

  function fail(code: number, message: string): number {
    if (o.json) process.stdout.write(`${JSON.stringify({ error: { message } })}\n`);
    process.stderr.write(`import: ${message}\n`);
    return code;
  }
}

function usageError(message: string): number {
  process.stderr.write(`import: ${message}\n\n${USAGE}`);
  return 2;
}

/** A bar on stderr when it is a terminal; on large files without a terminal, a line every 10 %. */
function progressBar(): ((done: number, total: number) => void) | undefined {
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  return (done, total) => {
    if (tty && total >= 1000) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} features`);
      if (done === total) process.stderr.write('\n');
    } else if (!tty && total >= 10_000) {
      const tenth = Math.floor((done / total) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        process.stderr.write(`import: ${tenth * 10}% (${done}/${total} features)\n`);
      }
    }
  };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 3;
  },
);
