/**
 * The grip of the phone's bottom sheet (feature panel, proposal form or panel): drag it, or
 * focus it and use ↑/↓ (Home/End: smallest/largest), to give the sheet more or less of the map.
 * A window splitter in ARIA terms (role="separator", focusable, with a value).
 *
 * @fires sheet-resize - {{ percent: number }} the sheet's new height, in % of the map
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';

import { SHEET_MAX, SHEET_MIN, SHEET_START } from './sheet-size.ts';

export { SHEET_MAX, SHEET_MIN, SHEET_START };
const STEP = 10;

/** The sheet height (%) for a pointer at `y` over a map spanning `top`–`bottom`, within the limits. */
export function sheetPercentAt(y: number, top: number, bottom: number): number {
  const pct = ((bottom - y) / Math.max(1, bottom - top)) * 100;
  return Math.round(Math.min(SHEET_MAX, Math.max(SHEET_MIN, pct)));
}

@customElement('kp-sheet-handle')
export class KpSheetHandle extends LitElement {
  static styles = css`
    :host {
      display: block;
    }
    .grip {
      display: flex;
      align-items: center;
      justify-content: center;
      width: 100%;
      height: 100%;
      background: #fff;
      border: none;
      border-radius: 12px 12px 0 0;
      box-shadow: 0 -2px 6px #0002;
      cursor: ns-resize;
      touch-action: none;
      padding: 0;
    }
    .grip::before {
      content: '';
      width: 44px;
      height: 5px;
      border-radius: 3px;
      background: #8c959f;
    }
    .grip:focus-visible {
      outline: 3px solid #1f5fbf;
      outline-offset: -3px;
    }
  `;

  /** The sheet's height in % of the map. */
  @property({ type: Number }) value = SHEET_START;
  protected readonly localeController = new LocaleController(this);
  private dragging = false;

  render() {
    return html`<div
      class="grip"
      role="separator"
      tabindex="0"
      aria-orientation="horizontal"
      aria-label=${t('sheet.handle')}
      aria-valuemin=${SHEET_MIN}
      aria-valuemax=${SHEET_MAX}
      aria-valuenow=${this.value}
      aria-valuetext=${t('sheet.value', { n: this.value })}
      @keydown=${this.onKey}
      @pointerdown=${this.onDown}
      @pointermove=${this.onMove}
      @pointerup=${this.onUp}
      @pointercancel=${this.onUp}
    ></div>`;
  }

  private set(percent: number): void {
    const v = Math.round(Math.min(SHEET_MAX, Math.max(SHEET_MIN, percent)));
    if (v === this.value) return;
    this.dispatchEvent(new CustomEvent('sheet-resize', { detail: { percent: v }, bubbles: true, composed: true }));
  }

  private onKey = (e: KeyboardEvent) => {
    const next = { ArrowUp: this.value + STEP, ArrowDown: this.value - STEP, PageUp: this.value + 2 * STEP, PageDown: this.value - 2 * STEP, Home: SHEET_MIN, End: SHEET_MAX }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    this.set(next);
  };

  private onDown = (e: PointerEvent) => {
    this.dragging = true;
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    e.preventDefault();
  };

  private onMove = (e: PointerEvent) => {
    if (!this.dragging) return;
    // The sheet lives in the map's area: the handle's offset parent.
    const area = (this.offsetParent ?? this.parentElement)?.getBoundingClientRect();
    if (area) this.set(sheetPercentAt(e.clientY, area.top, area.bottom));
  };

  private onUp = (e: PointerEvent) => {
    if (!this.dragging) return;
    this.dragging = false;
    (e.currentTarget as HTMLElement).releasePointerCapture(e.pointerId);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-sheet-handle': KpSheetHandle;
  }
}
