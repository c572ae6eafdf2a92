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
