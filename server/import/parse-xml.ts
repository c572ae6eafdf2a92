/**
 * Parses an XML file with @xmldom/xmldom, strictly: any error (not only fatal ones) stops the
 * import with the parser's message and its line and column. No DTD or external entity is loaded.
 */
import { DOMParser } from '@xmldom/xmldom';
import { ImportError } from './import-error.ts';

/**
 * @example
 * const doc = parseXml(bytes, 'trasa.gpx'); // a DOM Document, or ImportError('bad-xml')
 */
export function parseXml(bytes: Uint8Array, name: string): Document {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  let problem: string | undefined;
  const parser = new DOMParser({
    onError: (level, msg, context) => {
      if (level === 'warning') return;
      const at = (context as { locator?: { lineNumber?: number; columnNumber?: number } } | undefined)?.locator;
      problem ??= `${msg.trim()}${at?.lineNumber ? ` (line ${at.lineNumber}, column ${at.columnNumber})` : ''}`;
      throw new Error(msg);
    },
  });
  let doc: unknown;
  try {
    doc = parser.parseFromString(text, 'text/xml');
  } catch (e) {
    problem ??= (e as Error).message;
  }
  if (problem !== undefined || !doc) throw new ImportError('bad-xml', { file: name, problem: problem ?? 'no document' });
  return doc as Document;
}
