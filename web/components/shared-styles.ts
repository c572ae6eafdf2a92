import { css } from 'lit';

/** Styles shared by the panels: typography, buttons, focus ring, tables, small bars. */
export const panelStyles = css`
  :host {
    display: block;
    font-size: 0.9rem;
    line-height: 1.4;
    color: #1f2328;
  }
  h2,
  h3,
  h4 {
    margin: 0.9rem 0 0.4rem;
    line-height: 1.25;
  }
  h2 {
    font-size: 1.05rem;
  }
  h3 {
    font-size: 0.95rem;
  }
  h4 {
    font-size: 0.88rem;
  }
  p {
    margin: 0.3rem 0;
  }
  ul {
    margin: 0.2rem 0;
    padding-left: 1.1rem;
  }
  button,
  select,
  input {
    font: inherit;
  }
  button {
    cursor: pointer;
  }
  :focus-visible {
    outline: 3px solid #1f5fbf;
    outline-offset: 2px;
  }
  .btn {
    border: 1px solid #8c959f;
    background: #fff;
    border-radius: 4px;
    padding: 0.3rem 0.7rem;
    color: #1f2328;
  }
  .btn:hover {
    background: #f0f3f6;
  }
  .btn.primary {
    background: #1f5fbf;
    border-color: #1f5fbf;
    color: #fff;
  }
  .btn.primary:hover {
    background: #174a96;
  }
  .link {
    background: none;
    border: none;
    padding: 0;
    color: #1f5fbf;
    text-decoration: underline;
    text-align: left;
  }
  .muted {
    color: #57606a;
  }
  .small {
    font-size: 0.8rem;
  }
  .badge {
    display: inline-block;
    font-size: 0.72rem;
    padding: 0 0.35rem;
    border-radius: 3px;
    background: #fff4d6;
    border: 1px solid #d4a72c;
    color: #6b4a00;
    white-space: nowrap;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.82rem;
  }
  caption {
    text-align: left;
    font-weight: 600;
    padding: 0.2rem 0;
  }
  th,
  td {
    padding: 0.15rem 0.3rem;
    border-bottom: 1px solid #d8dee4;
    text-align: left;
    vertical-align: top;
  }
  td.num,
  th.num {
    text-align: right;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  tfoot td,
  tfoot th {
    font-weight: 600;
    border-bottom: none;
  }
  .bar {
    height: 0.55rem;
    background: #e6e9ed;
    border-radius: 2px;
    overflow: hidden;
    min-width: 3rem;
  }
  .bar > span {
    display: block;
    height: 100%;
    background: #2c7fb8;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
