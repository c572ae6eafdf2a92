/**
 * A kept answer as it is sent: its text, a gzip copy and a strong ETag, made once per kept
 * version (gzip on libuv's thread pool, not the event loop), so a browser's request for it costs
 * no serialising or compressing, and a repeated one is a 304.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { EncodedBody } from '../packs/encoded-body.ts';

const gzipAsync = promisify(gzip);

/** As EncodedBody, with the text as UTF-8 bytes (a string would be measured and encoded per request). */
export interface KeptBody extends Omit<EncodedBody, 'text'> {
  text: Uint8Array<ArrayBuffer>;
}

export async function keptBody(json: string): Promise<KeptBody> {
  const text = new Uint8Array(Buffer.from(json, 'utf8'));
  const etag = `"${createHash('sha1').update(text).digest('base64url')}"`;
  return { text, gzip: new Uint8Array(await gzipAsync(text, { level: 6 })), etag };
}
