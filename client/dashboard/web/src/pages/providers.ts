import { html } from "lit";
import type { TemplateResult } from "lit";

import type { ProviderInfo } from "../../../../kernel/registry/providers.js";
import { PROVIDER_STATUSES } from "../../../../kernel/registry/statuses.js";
import { badge, shortAddress } from "../format.js";
import { StoreElement } from "../storeElement.js";
import { sharedStyles } from "../styles.js";
import { measureSince } from "../timing.js";

/** Every provider: pending applications first, then by id; a search box and a status filter. */
export class ProvidersPage extends StoreElement {
  static override styles = sharedStyles;
  private query = "";
  private status = "all";
  private updateStarted = 0;

  override willUpdate(): void {
    this.updateStarted = performance.now();
  }

  override updated(): void {
    const rows = this.store.snapshot?.providers.length;
    if (rows !== undefined) measureSince(`render ${rows} providers`, this.updateStarted);
  }

  override render(): TemplateResult {
    const snapshot = this.store.snapshot;
    if (snapshot === undefined) return html`<p class="muted">Reading the registry…</p>`;
    const shown = sortPendingFirst(snapshot.providers).filter((provider) => this.matchesQuery(provider));
    const pending = snapshot.providers.filter((provider) => provider.status === "Pending").length;
    return html`
      <h2>Providers</h2>
      <div class="toolbar">
        <input
          type="search"
          placeholder="Search name, id, owner, URI"
          aria-label="Search providers"
          .value=${this.query}
          @input=${(event: Event) => {
            this.query = (event.target as HTMLInputElement).value;
            this.requestUpdate();
          }}
        />
        <select
          aria-label="Status"
          @change=${(event: Event) => {
            this.status = (event.target as HTMLSelectElement).value;
            this.requestUpdate();
          }}
        >
          <option value="all">All statuses</option>
          ${PROVIDER_STATUSES.slice(1).map((status) => html`<option value=${status}>${status}</option>`)}
        </select>
        <span class="muted" data-testid="provider-count"
          >${shown.length} of ${snapshot.providers.length} providers, ${pending} pending</span
        >
      </div>
      <div class="scroll">
        <table class="cards" data-testid="providers" data-complete=${snapshot.complete ? "true" : "false"}>
          <thead>
            <tr>
              <th>Id</th>
              <th>Name</th>
              <th>Status</th>
              <th>Default</th>
              <th>Nodes</th>
              <th>Owner</th>
              <th>Operators</th>
              <th>Metadata URI</th>
            </tr>
          </thead>
          <tbody>
            ${shown.map(
              (provider) => html`
                <tr data-provider=${provider.id.toString()}>
                  <td data-label="Id">${provider.id.toString()}</td>
                  <td data-label="Name">
                    <a href=${`#/provider/${provider.id.toString()}`} class="name">${provider.name}</a>
                  </td>
                  <td data-label="Status">${badge(provider.status)}</td>
                  <td data-label="Default">${provider.isDefault ? "yes" : ""}</td>
                  <td data-label="Nodes">${provider.nodeCount}</td>
                  <td data-label="Owner">${shortAddress(provider.owner)}</td>
                  <td data-label="Operators">
                    ${(snapshot.operators.get(provider.id) ?? []).map((operator) => shortAddress(operator))}
                  </td>
                  <td data-label="Metadata URI" class="mono">${provider.metadataURI}</td>
                </tr>
              `,
            )}
          </tbody>
        </table>
      </div>
    `;
  }

  private matchesQuery(provider: ProviderInfo): boolean {
    if (this.status !== "all" && provider.status !== this.status) return false;
    const query = this.query.trim().toLowerCase();
    if (query === "") return true;
    return [provider.id.toString(), provider.name, provider.owner, provider.metadataURI].some((field) =>
      field.toLowerCase().includes(query),
    );
  }
}

/**
 * Pending applications first (they wait for a curator), then the rest, each in id order.
 *
 * @param providers - Providers in id order.
 * @returns A new, sorted array.
 */
export function sortPendingFirst(providers: readonly ProviderInfo[]): ProviderInfo[] {
  return [
    ...providers.filter((provider) => provider.status === "Pending"),
    ...providers.filter((provider) => provider.status !== "Pending"),
  ];
}

customElements.define("wm-providers", ProvidersPage);
