/** The app shell's layout: header, side panel and map; a phone stacks them; presenting hides the chrome. */
import { css } from 'lit';

export const appStyles = css`
  :host {
    display: grid;
    grid-template-rows: auto 1fr;
    grid-template-columns: minmax(320px, 400px) 1fr;
    grid-template-areas: 'header header' 'side map';
    height: 100vh;
    height: 100dvh;
    font-family: inherit;
    color: #1f2328;
  }
  :focus-visible {
    outline: 3px solid #1f5fbf;
    outline-offset: 2px;
  }
  header {
    grid-area: header;
    display: flex;
    align-items: center;
    gap: 0.8rem;
    padding: 0.45rem 0.9rem;
    background: #1d3b2a;
    color: #fff;
    min-width: 0;
  }
  header h1 {
    margin: 0;
    font-size: 1.1rem;
    line-height: 1.2;
    white-space: nowrap;
  }
  header .strategy {
    font-size: 0.9rem;
    opacity: 0.9;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    flex: 1;
    min-width: 0;
  }
  header button {
    font: inherit;
    font-size: 0.82rem;
    background: transparent;
    color: #fff;
    border: 1px solid #ffffffaa;
    border-radius: 4px;
    padding: 0.25rem 0.6rem;
    cursor: pointer;
    white-space: nowrap;
  }
  header button:hover {
    background: #ffffff22;
  }
  header button.lang {
    flex: none;
    font-weight: 600;
    padding: 0.25rem 0.45rem;
    min-width: 2.2rem;
  }
  header .toggle {
    display: none;
  }
  aside {
    grid-area: side;
    display: flex;
    flex-direction: column;
    min-height: 0;
    border-right: 1px solid #d0d7de;
    background: #fff;
  }
  .notice {
    margin: 0;
    padding: 0.45rem 0.9rem;
    font-size: 0.8rem;
    background: #fff8e1;
    border-bottom: 1px solid #ecd48a;
    color: #4d3800;
  }
  [role='tablist'] {
    display: flex;
    border-bottom: 1px solid #d0d7de;
  }
  [role='tab'] {
    flex: 1;
    font: inherit;
    font-size: 0.9rem;
    padding: 0.55rem 0.4rem;
    background: #f6f8fa;
    border: none;
    border-bottom: 3px solid transparent;
    cursor: pointer;
    color: #1f2328;
  }
  [role='tab'][aria-selected='true'] {
    background: #fff;
    border-bottom-color: #1f5fbf;
    font-weight: 600;
  }
  [role='tabpanel'] {
    flex: 1;
    overflow: auto;
    padding: 0 0.9rem 1rem;
    min-height: 0;
  }
  .skips {
    position: absolute;
    top: 0;
    left: 0;
    z-index: 50;
  }
  .skip {
    position: absolute;
    left: -9999px;
    top: 0.3rem;
    background: #1f2328;
    color: #fff;
    padding: 0.4rem 0.7rem;
    border-radius: 4px;
    white-space: nowrap;
  }
  .skip:focus {
    left: 0.4rem;
    outline: 3px solid #ffbf47;
  }
  main {
    grid-area: map;
    position: relative;
    min-width: 0;
    min-height: 0;
  }
  /* The proposal overlay renders the form or the panel here, placed like the feature panel. */
  kp-proposal-overlay {
    display: contents;
  }
  kp-feature-panel,
  kp-proposal-form,
  kp-proposal-panel {
    position: absolute;
    top: 0.6rem;
    right: 0.6rem;
    width: min(380px, calc(100% - 1.2rem));
    max-height: calc(100% - 5rem);
    z-index: 2;
  }
  kp-sheet-handle {
    display: none;
  }
  kp-search-box {
    position: absolute;
    top: 0.6rem;
    left: 3.2rem;
    width: min(320px, calc(100% - 4rem));
    z-index: 3;
  }
  :host([presenting]) kp-search-box {
    display: none;
  }
  header button.propose[aria-pressed='true'] {
    background: #fff;
    color: #1d3b2a;
  }
  .fab {
    display: none;
  }
  .center {
    grid-column: 1 / -1;
    grid-row: 2;
    display: flex;
    align-items: center;
    justify-content: center;
    padding: 2rem;
  }
  .error-box {
    max-width: 36rem;
    border: 1px solid #d1242f;
    border-radius: 8px;
    padding: 1rem 1.2rem;
    background: #fff5f5;
  }
  .error-box h2 {
    margin-top: 0;
    color: #8a1010;
  }
  .error-box button {
    font: inherit;
    padding: 0.3rem 0.8rem;
  }
  .toast {
    position: absolute;
    left: 50%;
    bottom: 2.5rem;
    transform: translateX(-50%);
    background: #1f2328;
    color: #fff;
    padding: 0.35rem 0.8rem;
    border-radius: 4px;
    font-size: 0.85rem;
    z-index: 3;
  }
  /* Town switcher; the "more" menu styles itself (kp-more-menu.ts). */
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  kp-town-switcher {
    flex: none;
    max-width: 45%;
  }
  /* Presentation: the map fills the screen, the story player replaces the chrome. */
  :host([presenting]) header,
  :host([presenting]) aside,
  :host([presenting]) main > :not(kp-map-view):not(kp-story-player) {
    display: none !important;
  }
  :host([presenting]) main {
    grid-area: 1 / 1 / -1 / -1 !important;
  }
  @media (max-width: 760px) {
    :host {
      grid-template-columns: 1fr;
      grid-template-rows: auto 55% 1fr;
      grid-template-areas: 'header' 'map' 'side';
    }
    :host([panel-collapsed]) {
      grid-template-rows: auto 1fr auto;
    }
    :host([panel-collapsed]) aside [role='tabpanel'],
    :host([panel-collapsed]) aside .notice {
      display: none;
    }
    header .strategy {
      display: none;
    }
    header .toggle {
      display: inline-block;
    }
    header h1 {
      font-size: 1rem;
      flex: 1;
    }
    header {
      gap: 0.5rem;
      padding: 0.45rem 0.6rem;
    }
    header .wide {
      display: none;
    }
    kp-town-switcher {
      flex: 1 1 auto;
      max-width: none;
    }
    aside {
      border-right: none;
      border-top: 1px solid #d0d7de;
    }
    /* A bottom sheet: half the map at first (the subject stays visible above it), resized with its grip. */
    kp-feature-panel,
    kp-proposal-form,
    kp-proposal-panel {
      top: auto;
      bottom: 0;
      right: 0;
      left: 0;
      width: auto;
      height: var(--sheet-h, 50%);
      max-height: none;
      border-radius: 0;
      overflow: hidden; /* their inner box scrolls: a scrolling sheet over the canvas blanked the map */
    }
    /* A message shown while a sheet is open sits above it, not over the sheet's text. */
    main[data-sheet] .toast {
      bottom: calc(var(--sheet-h, 50%) + 1.8rem);
    }
    kp-sheet-handle {
      display: block;
      position: absolute;
      left: 0;
      right: 0;
      bottom: var(--sheet-h, 50%);
      height: 22px;
      z-index: 3;
    }
    header button.propose {
      display: none;
    }
    .fab {
      display: block;
      position: absolute;
      left: 50%;
      /* Above the attribution, which wraps to four lines on a phone for a town with several
         licences (Kalisz); towns.test.ts checks that they do not overlap. */
      bottom: 6.5rem;
      transform: translateX(-50%);
      z-index: 2;
      font: inherit;
      font-weight: 600;
      background: #1d3b2a;
      color: #fff;
      border: 2px solid #fff;
      border-radius: 2rem;
      padding: 0.55rem 1.1rem;
      box-shadow: 0 2px 8px #0005;
      white-space: nowrap;
    }
  }
`;
