/**
 * Reads the wanted entries of an untrusted zip archive held in memory, with limits checked
 * before and while inflating: number of entries, declared and actual uncompressed size (per
 * archive), compression ratio, and entry names (no absolute paths, no "..", no drive letters).
 * Entries not wanted are never inflated.
 */
import yauzl from 'yauzl';
import { ImportError } from './import-error.ts';

export interface ZipLimits {
  /** Entries listed in the archive. */
  maxEntries: number;
  /** Uncompressed bytes of all wanted entries together. */
  maxTotalBytes: number;
  /** Uncompressed ÷ compressed size of one entry, checked for entries over 1 MiB. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 1000, maxTotalBytes: 200 * 1024 * 1024, maxRatio: 400 };

const RATIO_FLOOR = 1024 * 1024;

/**
 * Inflates the entries whose name `want` accepts; returns them by name (path inside the zip).
 * Throws ImportError ('bad-zip' for a damaged archive, 'unsafe-zip' for one breaking a limit).
 *
 * @example
 * const files = await readZip(bytes, (name) => /\.(shp|dbf|prj)$/i.test(name));
 */
export async function readZip(bytes: Uint8Array, want: (name: string) => boolean, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<Map<string, Uint8Array>> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(buffer, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (err, z) => (err ? reject(err) : resolve(z))),
    );
  } catch (e) {
    throw new ImportError('bad-zip', { problem: (e as Error).message });
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new ImportError('unsafe-zip', { rule: 'too-many-entries', count: zip.entryCount, max: limits.maxEntries });
  }

  const out = new Map<string, Uint8Array>();
  let total = 0;
  return new Promise((resolve, reject) => {
    const fail = (e: unknown) => {
      zip.close();
      reject(e instanceof ImportError ? e : mapYauzlError(e as Error));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve(out));
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName;
      const unsafe = unsafeName(name);
      if (unsafe) return fail(new ImportError('unsafe-zip', { rule: 'unsafe-path', entry: name.slice(0, 200), problem: unsafe }));
      if (name.endsWith('/') || !want(name)) return zip.readEntry();
      if (total + entry.uncompressedSize > limits.maxTotalBytes) {
        return fail(new ImportError('unsafe-zip', { rule: 'too-big', maxMiB: mib(limits.maxTotalBytes), entry: name.slice(0, 200), sizeMiB: mib(entry.uncompressedSize) }));
      }
      if (entry.uncompressedSize > RATIO_FLOOR && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
        return fail(new ImportError('unsafe-zip', { rule: 'ratio', entry: name.slice(0, 200), ratio: limits.maxRatio, compressedMiB: mib(entry.compressedSize), sizeMiB: mib(entry.uncompressedSize) }));
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err) return fail(err);
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          // validateEntrySizes stops at the declared size; this also caps the archive as a whole.
          if (total + size > limits.maxTotalBytes) {
            stream.destroy();
            fail(new ImportError('unsafe-zip', { rule: 'too-big', maxMiB: mib(limits.maxTotalBytes) }));
            return;
          }
          chunks.push(chunk);
        });
        stream.on('error', fail);
        stream.on('end', () => {
          total += size;
          out.set(name, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}

function unsafeName(name: string): string | undefined {
  if (name.includes('\\')) return 'backslash in the path';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'absolute path';
  if (name.split('/').includes('..')) return 'it climbs out of the archive with ".."';
  if (name.includes('\0')) return 'NUL in the name';
  return undefined;
}

function mapYauzlError(e: Error): ImportError {
  const m = e.message;
  if (/invalid relative path|absolute path|invalid characters in fileName/i.test(m)) {
    return new ImportError('unsafe-zip', { rule: 'unsafe-path', problem: m });
  }
  if (/too many bytes|too few bytes|invalid (compressed|stored) size/i.test(m)) {
    return new ImportError('unsafe-zip', { rule: 'size-mismatch', problem: m });
  }
  return new ImportError('bad-zip', { problem: m });
}

/** Bytes as MiB to three decimals (a refusal's param). */
function mib(n: number): number {
  return Math.round((n / 1024 / 1024) * 1000) / 1000;
}
