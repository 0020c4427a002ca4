import { css, html, LitElement } from "lit";
import type { TemplateResult } from "lit";

import { connectPage } from "./chain.js";
import "./pages/curator.js";
import "./pages/events.js";
import "./pages/network.js";
import "./pages/nodes.js";
import "./pages/provider.js";
import "./pages/providers.js";
import { DashboardStore } from "./store.js";

/** The pages, by the first part of the URL hash. */
const NAV = [
  ["providers", "Providers"],
  ["nodes", "Nodes"],
  ["events", "Events"],
  ["network", "Network"],
  ["curator", "Curator"],
] as const;

/** The dashboard: a header with the pages, the current page, hash routing (`#/nodes`, `#/provider/3`). */
export class DashboardApp extends LitElement {
  static override styles = css`
    :host {
      display: block;
      min-height: 100vh;
      background: #f2f4f8;
      font:
        15px/1.45 system-ui,
        -apple-system,
        "Segoe UI",
        sans-serif;
      color: #1d2433;
    }
    header {
      background: #14213d;
      color: #fff;
      padding: 0.6rem 1rem;
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem 1.2rem;
      align-items: center;
    }
    header strong {
      font-size: 1.05rem;
    }
    nav {
      display: flex;
      flex-wrap: wrap;
      gap: 0.2rem;
    }
    nav a {
      color: #cfd8ea;
      text-decoration: none;
      padding: 0.3rem 0.6rem;
      border-radius: 6px;
    }
    nav a[aria-current="page"] {
      background: #2c3e66;
      color: #fff;
    }
    .chain {
      margin-left: auto;
      font-size: 0.8rem;
      color: #9fb0cf;
      word-break: break-all;
    }
    main {
      padding: 1rem;
      max-width: 1200px;
      margin: 0 auto;
    }
    .error {
      background: #fde2e1;
      border: 1px solid #f1a5a3;
      border-radius: 8px;
      padding: 0.7rem 0.9rem;
      margin-bottom: 0.8rem;
    }
  `;
  private store: DashboardStore | undefined;
  private failure: string | undefined;
  private route: string[] = ["providers"];
  private readonly onHash = (): void => {
    this.route = routeOf(location.hash);
    this.requestUpdate();
  };
  private readonly onChange = (): void => {
    this.requestUpdate();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("hashchange", this.onHash);
    this.onHash();
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener("hashchange", this.onHash);
    this.store?.stop();
  }

  override render(): TemplateResult {
    const store = this.store;
    const page =
      this.route[0] === "provider" ? "providers" : this.route[0] === "node" ? "nodes" : this.route[0];
    return html`
      <header>
        <strong>Waymark</strong>
        <nav>
          ${NAV.map(
            ([id, label]) =>
              html`<a href=${`#/${id}`} aria-current=${page === id ? "page" : "false"}>${label}</a>`,
          )}
        </nav>
        <span class="chain"
          >${
            store === undefined
              ? ""
              : `chain ${store.chain.config.chainId} · registry ${store.chain.config.registry}`
          }</span
        >
      </header>
      <main>
        ${this.failure === undefined ? "" : html`<div class="error">${this.failure}</div>`}
        ${store?.error === undefined ? "" : html`<div class="error">Reading the chain failed: ${store.error}</div>`}
        ${store === undefined ? html`<p>Connecting…</p>` : this.page(store)}
      </main>
    `;
  }

  private page(store: DashboardStore): TemplateResult {
    const [name, argument = ""] = this.route;
    switch (name) {
      case "provider":
        return html`<wm-provider
          .store=${store}
          .providerId=${/^\d+$/.test(argument) ? BigInt(argument) : 0n}
        ></wm-provider>`;
      case "node":
        return html`<wm-node .store=${store} .node=${argument}></wm-node>`;
      case "nodes":
        return html`<wm-nodes .store=${store}></wm-nodes>`;
      case "events":
        return html`<wm-events .store=${store}></wm-events>`;
      case "network":
        return html`<wm-network .store=${store}></wm-network>`;
      case "curator":
        return html`<wm-curator .store=${store}></wm-curator>`;
      default:
        return html`<wm-providers .store=${store}></wm-providers>`;
    }
  }

  private async start(): Promise<void> {
    try {
      const store = new DashboardStore(await connectPage());
      store.addEventListener("change", this.onChange);
      this.store = store;
      this.requestUpdate();
      await store.start();
    } catch (err) {
      this.failure = `Cannot read the registry: ${err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err)}`;
      this.requestUpdate();
    }
  }
}

function routeOf(hash: string): string[] {
  const parts = hash
    .replace(/^#\/?/, "")
    .split("/")
    .filter((part) => part !== "");
  return parts.length === 0 ? ["providers"] : parts;
}

customElements.define("wm-app", DashboardApp);
