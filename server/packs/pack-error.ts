/** A broken city pack: names the file, the feature (when there is one) and the problem. */
export class PackError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly feature?: string,
  ) {
    super(`${file}${feature ? ` (feature ${feature})` : ''}: ${problem}`);
    this.name = 'PackError';
  }
}

/** Several problems found in one pass, so a pack author fixes them all at once. */
export class PackErrors extends Error {
  constructor(readonly errors: PackError[]) {
    super(`city pack is invalid:\n${errors.map((e) => `  - ${e.message}`).join('\n')}`);
    this.name = 'PackErrors';
  }
}
