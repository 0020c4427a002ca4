import { html } from "lit";
import type { TemplateResult } from "lit";

import type { PagePolicy } from "../policy.js";
import { StoreElement } from "../storeElement.js";
import { sharedStyles } from "../styles.js";
import { nodeTable } from "./nodeTable.js";

/** Every node with its verdict under a trust policy chosen here (the client's `trust` choices). */
export class NodesPage extends StoreElement {
  static override styles = sharedStyles;
  private query = "";

  override render(): TemplateResult {
    const snapshot = this.store.snapshot;
    if (snapshot === undefined) return html`<p class="muted">Reading the registry…</p>`;
    const policy = this.store.policy;
    const query = this.query.trim().toLowerCase();
    const nodes = snapshot.nodes.filter(
      (node) =>
        query === "" ||
        node.node.toLowerCase().includes(query) ||
        node.service.includes(query) ||
        node.providerId.toString() === query,
    );
    const names = new Map(snapshot.providers.map((provider) => [provider.id, provider.name]));
    const trusted = [...(this.store.verdicts?.values() ?? [])].filter((verdict) => verdict.trusted).length;
    return html`
      <h2>Nodes</h2>
      <form
        class="card"
        @submit=${(event: Event) => {
          this.applyPolicy(event);
        }}
        data-testid="policy"
      >
        <div class="toolbar">
          <label
            ><input type="radio" name="mode" value="default" ?checked=${policy.providers === "default"} />
            Default providers</label
          >
          <label
            ><input type="radio" name="mode" value="set" ?checked=${policy.providers !== "default"} /> These
            providers:</label
          >
          <input
            name="providers"
            placeholder="ids, e.g. 1, 3"
            aria-label="Trusted provider ids"
            .value=${policy.providers === "default" ? "" : policy.providers.join(", ")}
          />
        </div>
        <div class="toolbar">
          <input
            name="excludeProviders"
            placeholder="exclude provider ids"
            aria-label="Excluded provider ids"
            .value=${[...policy.excludeProviders].join(", ")}
          />
          <input
            name="excludeNodes"
            placeholder="exclude node addresses"
            aria-label="Excluded node addresses"
            .value=${[...policy.excludeNodes].join(", ")}
          />
          <button type="submit">Apply policy</button>
        </div>
      </form>
      <div class="toolbar">
        <input
          type="search"
          placeholder="Search address, service, provider id"
          aria-label="Search nodes"
          .value=${this.query}
          @input=${(event: Event) => {
            this.query = (event.target as HTMLInputElement).value;
            this.requestUpdate();
          }}
        />
        <span class="muted" data-testid="trusted-count"
          >${trusted} of ${snapshot.nodes.length} nodes trusted</span
        >
      </div>
      ${nodeTable(nodes, this.store.verdicts, names)}
    `;
  }

  private applyPolicy(event: Event): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const ids = (field: string): bigint[] =>
      formText(form, field)
        .split(/[\s,]+/)
        .filter((part) => /^\d+$/.test(part))
        .map((part) => BigInt(part));
    const policy: PagePolicy = {
      providers: form.get("mode") === "set" ? ids("providers") : "default",
      excludeProviders: new Set(ids("excludeProviders")),
      excludeNodes: new Set(
        formText(form, "excludeNodes")
          .split(/[\s,]+/)
          .filter((part) => /^0x[0-9a-fA-F]{40}$/.test(part))
          .map((part) => part.toLowerCase()),
      ),
    };
    void this.store.setPolicy(policy);
  }
}

function formText(form: FormData, field: string): string {
  const value = form.get(field);
  return typeof value === "string" ? value : "";
}

customElements.define("wm-nodes", NodesPage);
