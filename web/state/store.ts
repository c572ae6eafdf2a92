/**
 * The one way the viewer keeps and shares what it knows: a slice is a small store of one
 * immutable state object (set a patch, subscribe to changes); a component re-renders on a
 * slice's change through `Watch`, a Lit reactive controller, optionally only when a selected
 * part changed. No component holds a copy of slice state and nothing calls `requestUpdate()`
 * by hand: a change to a slice is the only thing that re-renders the viewer.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type Listener<S> = (state: S, previous: S) => void;

export class Slice<S extends object> {
  #state: S;
  #listeners = new Set<Listener<S>>();

  constructor(initial: S) {
    this.#state = initial;
  }

  get state(): S {
    return this.#state;
  }

  /** Merges a patch and notifies listeners when a field changed (compared by identity). */
  set(patch: Partial<S>): void {
    const previous = this.#state;
    const changed = (Object.keys(patch) as (keyof S)[]).some((k) => previous[k] !== patch[k]);
    if (!changed) return;
    this.#state = { ...previous, ...patch };
    for (const l of [...this.#listeners]) l(this.#state, previous);
  }

  /** Replaces the whole state (a fresh start, e.g. another town). */
  reset(next: S): void {
    const previous = this.#state;
    this.#state = next;
    for (const l of [...this.#listeners]) l(next, previous);
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: Listener<S>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** Anything with a change signal (a slice, or an object made of slices). */
export interface Subscribable {
  subscribe(listener: () => void): () => void;
}

/**
 * Re-renders `host` when the watched source changes; with `select`, only when the selected
 * value changed (by identity). Subscribed while the host is connected.
 * @example new Watch(this, viewer.view, (s) => s.tab) // re-render when the tab changes
 */
export class Watch<S extends object, T = S> implements ReactiveController {
  private off: (() => void) | null = null;
  private last: T;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly slice: Slice<S>,
    private readonly select: (s: S) => T = (s) => s as unknown as T,
  ) {
    this.last = select(slice.state);
    host.addController(this);
  }

  /** The selected value now. */
  get value(): T {
    return this.select(this.slice.state);
  }

  hostConnected(): void {
    this.off?.();
    this.last = this.select(this.slice.state);
    this.off = this.slice.subscribe((s) => {
      const next = this.select(s);
      if (next === this.last) return;
      this.last = next;
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.off?.();
    this.off = null;
  }
}
