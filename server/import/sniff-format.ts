/**
 * Tells the format of an uploaded file from its first bytes, never from its name: a zip
 * (Shapefile archive) by its magic number, XML by its root element (kml, gpx, osm), GeoJSON
 * by an opening brace. Files that are recognisably something else get a message saying what
 * to do instead.
 */
import { ImportError } from './import-error.ts';
import type { ImportFormat } from './types.ts';

/** How much of the file is looked at. */
const HEAD_BYTES = 64 * 1024;

/**
 * Returns the format of `bytes` or throws ImportError('unknown-format') with a message for a person.
 * `name` only improves the message.
 *
 * @example
 * sniffFormat(new TextEncoder().encode('<?xml version="1.0"?><gpx version="1.1">…'), 'trasa.gpx') // 'gpx'
 */
export function sniffFormat(bytes: Uint8Array, name = 'the file'): ImportFormat {
  if (bytes.length === 0) throw new ImportError('empty', { rule: 'file', file: name });
  const b = bytes;
  if (b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05) && (b[3] === 0x04 || b[3] === 0x06)) return 'shapefile';
  if (b[0] === 0x1f && b[1] === 0x8b) {
    throw new ImportError('unknown-format', { rule: 'gzip', file: name });
  }
  if (b.length >= 4 && b[0] === 0x00 && b[1] === 0x00 && b[2] === 0x27 && b[3] === 0x0a) {
    throw new ImportError('unknown-format', { rule: 'bare-shp', file: name });
  }
  if (b[0] === 0x52 && b[1] === 0x61 && b[2] === 0x72 && b[3] === 0x21) {
    throw new ImportError('unknown-format', { rule: 'rar', file: name });
  }

  const head = new TextDecoder('utf-8').decode(b.subarray(0, HEAD_BYTES)).replace(/^\uFEFF/, '');
  const text = head.trimStart();
  if (text.startsWith('{')) return 'geojson';
  if (text.startsWith('[')) {
    throw new ImportError('not-a-feature-collection', { rule: 'array', file: name });
  }
  if (text.startsWith('<')) {
    const root = xmlRoot(text);
    if (root === 'kml') return 'kml';
    if (root === 'gpx') return 'gpx';
    if (root === 'osm') return 'osm';
    if (root === 'html') throw new ImportError('unknown-format', { rule: 'html', file: name });
    throw new ImportError('unknown-format', root ? { rule: 'xml', file: name, root: root.slice(0, 60) } : { rule: 'xml-no-root', file: name, headKiB: HEAD_BYTES / 1024 });
  }
  throw new ImportError('unknown-format', { rule: 'other', file: name });
}

/** Local name of the first element, skipping the XML declaration, comments, processing instructions and DOCTYPE. */
function xmlRoot(text: string): string | null {
  let rest = text;
  for (;;) {
    rest = rest.trimStart();
    if (rest.startsWith('<?')) {
      const end = rest.indexOf('?>');
      if (end < 0) return null;
      rest = rest.slice(end + 2);
    } else if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end < 0) return null;
      rest = rest.slice(end + 3);
    } else if (rest.startsWith('<!')) {
      // A DOCTYPE may hold an internal subset in [ … ] with '>' inside it.
      const gt = rest.indexOf('>');
      const bracket = rest.indexOf('[');
      const subset = bracket >= 0 && bracket < gt ? /\]\s*>/.exec(rest.slice(bracket)) : null;
      const end = subset ? bracket + subset.index + subset[0].length - 1 : gt;
      if (end < 0) return null;
      rest = rest.slice(end + 1);
    } else break;
  }
  const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(rest);
  return m ? m[2]!.toLowerCase() : null;
}
