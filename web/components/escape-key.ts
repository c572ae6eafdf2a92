import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Closes a panel or form on Escape while focus is inside it (and keeps the key from closing what lies behind). */
export class EscapeKey implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly onEscape: () => void,
  ) {
    host.addController(this);
  }

  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    this.onEscape();
  };

  hostConnected(): void {
    this.host.addEventListener('keydown', this.onKey);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('keydown', this.onKey);
  }
}
