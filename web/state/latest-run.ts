/**
 * An async job of which only the latest run lands: a new run aborts the one before (through
 * its signal), `abort()` stops the one running. The job reports its own outcome into slices, so
 * a run never rejects. What the viewer took from @lit/task, without its render helpers and host
 * updates (the slices re-render the shell; issue 13: our JS at start).
 */
export class LatestRun<A extends unknown[]> {
  private running: AbortController | null = null;

  constructor(private readonly job: (args: A, signal: AbortSignal) => Promise<void>) {}

  run(args: A): Promise<void> {
    this.running?.abort();
    this.running = new AbortController();
    return this.job(args, this.running.signal).catch(() => undefined);
  }

  /** Aborting a run that has finished does nothing: no clean-up after a run. */
  abort(): void {
    this.running?.abort();
  }
}
