/**
 * Reads OSM XML (an export from openstreetmap.org, JOSM or Overpass): tagged nodes become
 * Points; ways become LineStrings, or Polygons when closed and area-like (building, landuse,
 * leisure, natural, amenity… or area=yes); multipolygon relations become (Multi)Polygons
 * assembled from their member ways; route relations become MultiLineStrings. Tags are the
 * properties, plus "@id" ("way/123"). OSM is WGS84 by definition.
 */
import type { Position } from 'geojson';
import { pointInRings } from '../geo/point-in-ring.ts';
import { parseXml } from './parse-xml.ts';
import type { RawFeature, ReadResult } from './types.ts';
import { line, type ImportLine } from '../http/import-line-messages.ts';

type Tags = Record<string, string>;
interface Way {
  id: string;
  refs: string[];
  tags: Tags;
}

const AREA_KEYS = ['building', 'landuse', 'leisure', 'natural', 'amenity', 'area:highway', 'place', 'aeroway', 'shop', 'tourism', 'man_made', 'military', 'historic', 'boundary', 'water'];
const LINE_ONLY = { natural: ['coastline', 'tree_row', 'cliff', 'ridge', 'arete'], man_made: ['embankment', 'pipeline', 'cutline'] } as Record<string, string[]>;
const IGNORED_TAGS = new Set(['created_by', 'source', 'note', 'fixme', 'FIXME']);

/**
 * @example
 * const { features } = readOsm(bytes, 'export.osm'); // properties: { '@id': 'way/42', highway: 'cycleway', name: '…' }
 */
export function readOsm(bytes: Uint8Array, name: string): ReadResult {
  const doc = parseXml(bytes, name);
  const root = doc.documentElement;
  const nodes = new Map<string, Position>();
  const taggedNodes: { id: string; tags: Tags }[] = [];
  const ways = new Map<string, Way>();
  const relations: { id: string; tags: Tags; members: { type: string; ref: string; role: string }[] }[] = [];

  for (let el = root?.firstChild; el; el = el.nextSibling) {
    if (el.nodeType !== 1) continue;
    const e = el as Element;
    const id = e.getAttribute('id') ?? '';
    if (e.getAttribute('action') === 'delete' || e.getAttribute('visible') === 'false') continue;
    if (e.nodeName === 'node') {
      nodes.set(id, [Number(e.getAttribute('lon')), Number(e.getAttribute('lat'))]);
      const tags = tagsOf(e);
      if (Object.keys(tags).some((k) => !IGNORED_TAGS.has(k))) taggedNodes.push({ id, tags });
    } else if (e.nodeName === 'way') {
      ways.set(id, { id, refs: children(e, 'nd').map((n) => n.getAttribute('ref') ?? ''), tags: tagsOf(e) });
    } else if (e.nodeName === 'relation') {
      relations.push({
        id,
        tags: tagsOf(e),
        members: children(e, 'member').map((m) => ({ type: m.getAttribute('type') ?? '', ref: m.getAttribute('ref') ?? '', role: m.getAttribute('role') ?? '' })),
      });
    }
  }

  const features: RawFeature[] = [];
  const feature = (osmId: string, tags: Tags, geometry: unknown, reason?: ImportLine) =>
    features.push({ label: `${name} ${osmId}${tags.name ? ` "${tags.name}"` : ''}`, geometry, properties: { '@id': osmId, ...tags }, ...(reason ? { reason } : {}) });

  for (const n of taggedNodes) feature(`node/${n.id}`, n.tags, { type: 'Point', coordinates: nodes.get(n.id)! });

  const inRelation = new Set(relations.flatMap((r) => r.members.filter((m) => m.type === 'way').map((m) => m.ref)));
  for (const w of ways.values()) {
    const meaningful = Object.keys(w.tags).some((k) => !IGNORED_TAGS.has(k));
    if (!meaningful && inRelation.has(w.id)) continue;
    const coords = positions(w, nodes);
    if (!Array.isArray(coords)) {
      feature(`way/${w.id}`, w.tags, null, coords);
      continue;
    }
    const closed = w.refs.length >= 4 && w.refs[0] === w.refs[w.refs.length - 1];
    feature(`way/${w.id}`, w.tags, closed && isArea(w.tags) ? { type: 'Polygon', coordinates: [coords] } : { type: 'LineString', coordinates: coords });
  }

  for (const r of relations) {
    const type = r.tags.type;
    const osmId = `relation/${r.id}`;
    const memberWays = r.members.filter((m) => m.type === 'way');
    const missing = memberWays.find((m) => !ways.has(m.ref));
    if (type === 'multipolygon' || type === 'boundary') {
      if (missing) {
        feature(osmId, r.tags, null, line('osm-missing-member', { way: missing.ref }));
        continue;
      }
      const result = multipolygon(memberWays, ways, nodes);
      if (isLine(result)) feature(osmId, r.tags, null, result);
      else feature(osmId, r.tags, result);
    } else if (type === 'route') {
      const lines = memberWays.filter((m) => ways.has(m.ref)).map((m) => positions(ways.get(m.ref)!, nodes));
      const bad = lines.find(isLine);
      if (missing || bad) feature(osmId, r.tags, null, bad ?? line('osm-missing-member', { way: missing!.ref }));
      else feature(osmId, r.tags, { type: 'MultiLineString', coordinates: lines });
    }
  }
  return { format: 'osm', crs: { epsg: 4326, from: 'OSM XML is WGS84 by definition' }, features, notes: [] };
}

function children(e: Element, tag: string): Element[] {
  const out: Element[] = [];
  for (let c = e.firstChild; c; c = c.nextSibling) if (c.nodeType === 1 && c.nodeName === tag) out.push(c as Element);
  return out;
}

function tagsOf(e: Element): Tags {
  const tags: Tags = {};
  for (const t of children(e, 'tag')) {
    const k = t.getAttribute('k');
    if (k) tags[k] = t.getAttribute('v') ?? '';
  }
  return tags;
}

const isLine = (x: unknown): x is ImportLine => typeof x === 'object' && x !== null && !Array.isArray(x) && 'code' in x;

function positions(w: Way, nodes: Map<string, Position>): Position[] | ImportLine {
  const out: Position[] = [];
  for (const ref of w.refs) {
    const p = nodes.get(ref);
    if (!p) return line('osm-missing-node', { way: w.id, node: ref });
    out.push(p);
  }
  return out;
}

function isArea(tags: Tags): boolean {
  if (tags.area === 'yes') return true;
  if (tags.area === 'no') return false;
  return AREA_KEYS.some((k) => k in tags && tags[k] !== 'no' && !LINE_ONLY[k]?.includes(tags[k]!));
}

/** Joins member ways into closed rings (outer and inner), then puts each inner ring into the outer ring holding it. */
function multipolygon(members: { ref: string; role: string }[], ways: Map<string, Way>, nodes: Map<string, Position>): unknown {
  const rings = (role: 'outer' | 'inner') => joinRings(members.filter((m) => (role === 'inner' ? m.role === 'inner' : m.role !== 'inner')).map((m) => ways.get(m.ref)!.refs));
  const outer = rings('outer');
  const inner = rings('inner');
  if (!Array.isArray(outer)) return line('osm-ring-open', { ...outer.params, role: 'outer' });
  if (!Array.isArray(inner)) return line('osm-ring-open', { ...inner.params, role: 'inner' });
  const toPositions = (refs: string[]) => refs.map((r) => nodes.get(r));
  const outerPos = outer.map(toPositions);
  const innerPos = inner.map(toPositions);
  if ([...outerPos, ...innerPos].some((ring) => ring.some((p) => !p))) return line('osm-member-node-missing');
  const polygons: Position[][][] = (outerPos as Position[][]).map((ring) => [ring]);
  for (const hole of innerPos as Position[][]) {
    const host = polygons.find((p) => pointInRings(hole[0]![0]!, hole[0]![1]!, [p[0]!]) >= 0);
    if (host) host.push(hole);
  }
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}

function joinRings(parts: string[][]): string[][] | ImportLine {
  const open = parts.filter((p) => p.length > 0).map((p) => [...p]);
  const done: string[][] = [];
  while (open.length) {
    let ring = open.shift()!;
    while (ring[0] !== ring[ring.length - 1]) {
      const end = ring[ring.length - 1];
      const i = open.findIndex((p) => p[0] === end || p[p.length - 1] === end);
      if (i < 0) return line('osm-ring-open', { node: end });
      const next = open.splice(i, 1)[0]!;
      ring = ring.concat((next[0] === end ? next : [...next].reverse()).slice(1));
    }
    done.push(ring);
  }
  return done;
}
