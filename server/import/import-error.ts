/**
 * A whole file or a whole request cannot be imported (unreadable archive, invalid XML, unknown
 * coordinate system, bad option). Per-feature problems are never thrown: they are items of the
 * report. importLayer() turns this error into data at its boundary; callers never see it thrown.
 *
 * The error is data: a code of server/http/messages.ts and its params. Its `message` is worded
 * for the command line (`--from`); the admin API words the same code + params for its query
 * parameters (`from=`), and the viewer in Polish or English.
 */
import { refusalMessage, type RefusalCode, type RefusalParams } from '../http/messages.ts';

export type ImportErrorCode = Extract<
  RefusalCode,
  | 'unknown-format'
  | 'too-large'
  | 'too-many-features'
  | 'too-many-vertices'
  | 'bad-zip'
  | 'unsafe-zip'
  | 'bad-shapefile'
  | 'bad-xml'
  | 'bad-json'
  | 'not-a-feature-collection'
  | 'unknown-crs'
  | 'crs-conflict'
  | 'needs-crs'
  | 'bad-option'
  | 'unknown-layer'
  | 'empty'
>;

export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    /** What the message is made of (`details.params` in the API). */
    readonly params: RefusalParams = {},
  ) {
    super(refusalMessage(code, params, 'cli'));
    this.name = 'ImportError';
  }
}

/** The HTTP status an import error is answered with, wherever a file is read for the API (422 unless named here). */
export function importErrorStatus(code: ImportErrorCode): 400 | 404 | 413 | 422 {
  return IMPORT_ERROR_STATUS[code] ?? 422;
}

const IMPORT_ERROR_STATUS: Partial<Record<ImportErrorCode, 400 | 404 | 413>> = { 'unknown-layer': 404, 'bad-option': 400, 'too-large': 413, 'too-many-features': 413, 'too-many-vertices': 413 };
