/**
 * Re-renders its host when the UI locale changes: one line per component,
 * `private readonly locale = new LocaleController(this);`. Components render every string
 * with t() in render(), so a new render is all a switch needs. `onChange` is for what is
 * not rendered by Lit (MapLibre's controls, document.title).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onLocaleChange, type Locale } from './index.ts';

export class LocaleController implements ReactiveController {
  private off: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onChange?: (locale: Locale) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.off?.();
    this.off = onLocaleChange((locale) => {
      this.onChange?.(locale);
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.off?.();
    this.off = null;
  }
}
