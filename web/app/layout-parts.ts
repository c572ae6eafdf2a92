/**
 * Where things are in kp-app's layout, read from the DOM: what covers the map (for the camera's
 * padding) and where a skip link sends the focus. Kept apart so kp-app stays layout and routing.
 */
import type { Ref } from 'lit/directives/ref.js';
import { lazyElementsSettled } from '../components/lazy-element.ts';

/** What covers the map now (an open panel, the phone sheet and its grip), as screen boxes. */
export function mapCovers(root: ParentNode): DOMRect[] {
  const main = root.querySelector('main')?.getBoundingClientRect();
  return [...root.querySelectorAll<HTMLElement>('main > kp-feature-panel, main kp-proposal-form, main kp-proposal-panel, main > kp-sheet-handle')]
    .map((el) => {
      const r = el.getBoundingClientRect();
      // The grip sits on top of the sheet: together they cover down to the bottom.
      return el.localName === 'kp-sheet-handle' && main ? new DOMRect(r.left, r.top, r.width, main.bottom - r.top) : r;
    })
    .filter((r) => r.right > r.left && r.bottom > r.top);
}

/**
 * Resolves when every element in `main` fetched on first use is defined and rendered, so the
 * boxes `mapCovers` reads are the real ones (an undefined panel has no size yet). A module that
 * fails to come (offline) ends the wait too: the camera then aims as if nothing covered.
 */
export function coversSettled(root: ParentNode): Promise<void> {
  return lazyElementsSettled(root, 'main');
}

/** Skip links: focus goes to the map (its canvas takes the arrow keys) or to the open tab's panel. */
export function skipTo(root: ParentNode, map: Element | undefined, where: 'map' | 'panel'): void {
  const target =
    where === 'map'
      ? map?.shadowRoot?.querySelector<HTMLElement>('.map[role="application"]')
      : root.querySelector<HTMLElement>('[role="tabpanel"]') ?? root.querySelector<HTMLElement>('aside');
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
}

/** The element `selector` under `root()` whenever it is read (a Ref that follows a re-made element, with no ref directive). */
export function liveRef<T extends Element>(root: () => ParentNode | undefined, selector: string): Ref<T> {
  return {
    get value() {
      return (root()?.querySelector(selector) as T | null) ?? undefined;
    },
  } as Ref<T>;
}
