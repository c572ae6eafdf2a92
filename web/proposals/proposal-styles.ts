import { css } from 'lit';

/** A panel floating over the map (proposal form, proposal details), like the feature panel. */
export const floatingPanelStyles = css`
  :host {
    background: #fff;
    box-shadow: 0 2px 10px #0003;
    border-radius: 8px;
    /* The inner box scrolls, not the host: a scrolling box over the map's WebGL canvas made
       Chromium's software compositor show the whole canvas blank (phone sheets, headless). */
    display: flex;
    flex-direction: column;
    overflow: hidden;
  }
  .inner {
    flex: 1 1 auto;
    min-height: 0;
    overflow: auto;
    padding: 0.8rem 1rem 1rem;
  }
  header {
    display: flex;
    align-items: flex-start;
    gap: 0.5rem;
  }
  header h2 {
    flex: 1;
    margin-top: 0.1rem;
    font-size: 1.1rem;
  }
  header h2:focus {
    outline: none;
  }
  .close {
    border: none;
    background: none;
    font-size: 1.4rem;
    line-height: 1;
    padding: 0.1rem 0.4rem;
    border-radius: 4px;
  }
  .close:hover {
    background: #eaeef2;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
    margin: 0.55rem 0;
  }
  .field label,
  legend {
    font-weight: 600;
  }
  input[type='text'],
  input[type='password'],
  input[type='number'],
  select,
  textarea {
    font: inherit;
    padding: 0.3rem 0.4rem;
    border: 1px solid #8c959f;
    border-radius: 4px;
    max-width: 100%;
    box-sizing: border-box;
  }
  textarea {
    resize: vertical;
    min-height: 3.5rem;
  }
  fieldset {
    border: none;
    padding: 0;
    margin: 0.4rem 0;
  }
  fieldset label {
    display: flex;
    gap: 0.4rem;
    align-items: center;
    margin: 0.15rem 0;
  }
  .help {
    background: #eef4fc;
    border-left: 3px solid #1f5fbf;
    padding: 0.3rem 0.5rem;
    font-size: 0.82rem;
  }
  .error {
    color: #8a1010;
    background: #fff5f5;
    border-left: 3px solid #d1242f;
    padding: 0.35rem 0.5rem;
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
    margin-top: 0.6rem;
  }
  .btn[disabled] {
    opacity: 0.6;
    cursor: default;
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
  }
  .dot {
    width: 0.75rem;
    height: 0.75rem;
    border-radius: 50%;
    background: var(--c);
    border: 1px solid #fff;
    box-shadow: 0 0 0 1px #8c959f;
    flex: none;
  }
  .dot.hollow {
    background: #fff;
    border: 3px solid var(--c);
    box-shadow: none;
    width: 0.5rem;
    height: 0.5rem;
  }
`;
