/**
 * An element the first map does not show (a tab's panel, a form, a dialog), fetched on first
 * use instead of with the start bundle. The template names the tag as usual; `need()` at the
 * place of use starts the import once, and the browser upgrades the element when its module
 * defines it (Lit keeps the properties set before the upgrade). A failed fetch (offline, a new
 * deployment) is logged and tried again on the next `need()`.
 */
export interface LazyElement {
  /** Starts loading the element's module (once); resolves when the tag is defined. */
  need(): Promise<void>;
}

/** Loads under way or done, by tag, settled either way (for `definedOrFailed`). */
const loads = new Map<string, Promise<void>>();

export function lazyElement(tag: string, load: () => Promise<unknown>): LazyElement {
  let loading: Promise<void> | null = null;
  return {
    need() {
      if (customElements.get(tag)) return Promise.resolve();
      if (!loading) {
        loading = load().then(
          () => customElements.whenDefined(tag).then(() => undefined),
          (err: unknown) => {
            loading = null;
            console.error(`<${tag}> could not be loaded`, err);
            throw err;
          },
        );
        loads.set(tag, loading.catch(() => undefined));
      }
      return loading;
    },
  };
}

/**
 * Resolves when `tag` is defined, or when its load failed, or at once when no load of it was
 * asked for: a wait on a lazy element that ends on every path (a bare whenDefined would not).
 */
function definedOrFailed(tag: string): Promise<void> {
  if (customElements.get(tag)) return Promise.resolve();
  return loads.get(tag) ?? Promise.resolve();
}

/**
 * Resolves when every not-yet-defined element under `root` that matches `scope` is defined and
 * rendered, or its module failed to come (offline): no timer, and it ends on every path. An
 * element rendered at last may hold lazy parts of its own, which are waited for in turn.
 */
export async function lazyElementsSettled(root: ParentNode, scope: string): Promise<void> {
  const pending = [...root.querySelectorAll(`${scope} :not(:defined)`)];
  if (!pending.length) return;
  await Promise.all(
    pending.map(async (el) => {
      await definedOrFailed(el.localName);
      await (el as Element & { updateComplete?: Promise<unknown> }).updateComplete;
    }),
  );
  if (pending.some((el) => customElements.get(el.localName))) await lazyElementsSettled(root, scope);
}

/** `need()` from a render, where nothing waits for it (the failure is already logged). */
export function needNow(el: LazyElement): void {
  el.need().catch(() => undefined);
}

/** A module the first map does not need, for a render: null until it has come, then `ready` is told (to render again). */
export interface LazyModule<M> {
  /** The module, or null (and it starts coming; `onReady` is called once it is here). */
  get(onReady: () => void): M | null;
}

export function lazyModule<M>(load: () => Promise<M>): LazyModule<M> {
  let mod: M | null = null;
  let loading: Promise<void> | null = null;
  const waiting = new Set<() => void>();
  return {
    get(onReady) {
      if (mod) return mod;
      waiting.add(onReady);
      loading ??= load().then(
        (m) => {
          mod = m;
          for (const f of [...waiting]) f();
          waiting.clear();
        },
        (err: unknown) => {
          loading = null;
          console.error('a module could not be loaded', err);
        },
      );
      return null;
    },
  };
}
