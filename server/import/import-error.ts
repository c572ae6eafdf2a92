/**
 * A whole file or a whole request cannot be imported (unreadable archive, invalid XML, unknown
 * coordinate system, bad option). Per-feature problems are never thrown: they are items of the
 * report. importLayer() turns this error into data at its boundary; callers never see it thrown.
 */
export type ImportErrorCode =
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
  | 'empty';

export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
    /** The limit broken, for clients (`details.params`). */
    readonly params?: Record<string, number | string>,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}
