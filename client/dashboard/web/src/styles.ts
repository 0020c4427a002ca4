import { css } from "lit";

/** Styles every page shares: tables that scroll sideways on a phone, badges, forms. */
export const sharedStyles = css`
  :host {
    display: block;
    color: #1d2433;
    font:
      15px/1.45 system-ui,
      -apple-system,
      "Segoe UI",
      sans-serif;
  }
  h2 {
    font-size: 1.25rem;
    margin: 0.2rem 0 0.8rem;
  }
  h3 {
    font-size: 1.05rem;
    margin: 1.2rem 0 0.5rem;
  }
  .scroll {
    overflow-x: auto;
    border: 1px solid #dde3ec;
    border-radius: 8px;
    background: #fff;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 0.45rem 0.6rem;
    border-bottom: 1px solid #eef1f6;
    vertical-align: top;
  }
  th {
    font-size: 0.78rem;
    text-transform: uppercase;
    letter-spacing: 0.03em;
    color: #5b6578;
    background: #f6f8fb;
    white-space: nowrap;
  }
  tr:last-child td {
    border-bottom: none;
  }
  .mono {
    font-family: ui-monospace, "SFMono-Regular", Menlo, monospace;
    font-size: 0.82rem;
    word-break: break-all;
  }
  .badge {
    display: inline-block;
    padding: 0.05rem 0.5rem;
    border-radius: 999px;
    font-size: 0.78rem;
    font-weight: 600;
    background: #e8ecf3;
    color: #38425a;
    white-space: nowrap;
  }
  .Active,
  .Trusted {
    background: #dcf5e3;
    color: #17653a;
  }
  .Pending {
    background: #fff1cc;
    color: #7a5200;
  }
  .Curator {
    background: #dcf5e3;
    color: #17653a;
  }
  .Suspended,
  .Rejected,
  .untrusted {
    background: #fde2e1;
    color: #9b1c1c;
  }
  .Retired {
    background: #eceff3;
    color: #5b6578;
  }
  .nowrap {
    white-space: nowrap;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }
  .muted {
    color: #6b7487;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-bottom: 0.8rem;
    align-items: center;
  }
  input,
  select,
  button {
    font: inherit;
    padding: 0.35rem 0.6rem;
    border: 1px solid #c8d0dc;
    border-radius: 6px;
    background: #fff;
  }
  input[type="search"] {
    flex: 1 1 14rem;
  }
  button {
    cursor: pointer;
    background: #2453c7;
    border-color: #2453c7;
    color: #fff;
  }
  button.secondary {
    background: #fff;
    color: #2453c7;
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  a {
    color: #2453c7;
  }
  .card {
    background: #fff;
    border: 1px solid #dde3ec;
    border-radius: 8px;
    padding: 0.8rem 1rem;
    margin-bottom: 0.8rem;
  }
  .notice {
    background: #fff7e0;
    border: 1px solid #f0d48a;
    border-radius: 8px;
    padding: 0.7rem 0.9rem;
    margin-bottom: 0.8rem;
  }
  .error {
    background: #fde2e1;
    border: 1px solid #f1a5a3;
    border-radius: 8px;
    padding: 0.7rem 0.9rem;
    margin-bottom: 0.8rem;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.3rem 1rem;
    margin: 0;
  }
  dt {
    color: #5b6578;
  }
  dd {
    margin: 0;
    min-width: 0;
  }
  @media (max-width: 600px) {
    table.cards thead {
      display: none;
    }
    table.cards,
    table.cards tbody,
    table.cards tr {
      display: block;
    }
    table.cards tr {
      border-bottom: 1px solid #dde3ec;
      padding: 0.35rem 0;
    }
    table.cards td {
      display: flex;
      flex-wrap: wrap;
      gap: 0 0.5rem;
      border: none;
      padding: 0.12rem 0.6rem;
    }
    table.cards td::before {
      content: attr(data-label);
      flex: 0 0 6.2rem;
      color: #5b6578;
      font-size: 0.75rem;
      text-transform: uppercase;
      letter-spacing: 0.03em;
      padding-top: 0.15rem;
    }
    dl {
      grid-template-columns: 1fr;
    }
    dd {
      margin-bottom: 0.4rem;
    }
    th,
    td {
      padding: 0.4rem 0.45rem;
    }
  }
`;
