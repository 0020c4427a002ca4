import { html } from "lit";
import type { TemplateResult } from "lit";

import { badge, shortAddress, when } from "../format.js";
import { StoreElement } from "../storeElement.js";
import { sharedStyles } from "../styles.js";
import { eventList } from "./eventList.js";
import { timelineStyles } from "./events.js";
import { nodeTable } from "./nodeTable.js";

/** One provider: its record, its nodes with their verdicts, and its history. */
export class ProviderPage extends StoreElement {
  static override styles = [sharedStyles, timelineStyles];
  /** The provider shown. */
  providerId = 0n;

  override render(): TemplateResult {
    const snapshot = this.store.snapshot;
    if (snapshot === undefined) return html`<p class="muted">Reading the registry…</p>`;
    const provider = snapshot.providers.find((candidate) => candidate.id === this.providerId);
    if (provider === undefined) return html`<p>No provider ${this.providerId.toString()}.</p>`;
    const nodes = snapshot.nodes.filter((node) => node.providerId === provider.id);
    const nodeSet = new Set(nodes.map((node) => node.node.toLowerCase()));
    const history = this.store.events.filter(
      (event) =>
        event.providerId === provider.id ||
        (event.node !== undefined && nodeSet.has(event.node.toLowerCase())),
    );
    const operators = snapshot.operators.get(provider.id) ?? [];
    return html`
      <p><a href="#/providers">← Providers</a></p>
      <h2 data-testid="provider-name">${provider.name}</h2>
      <div class="card">
        <dl>
          <dt>Id</dt>
          <dd>${provider.id.toString()}</dd>
          <dt>Status</dt>
          <dd>
            ${badge(provider.status)} ${provider.isDefault ? html`<span class="badge">default</span>` : ""}
          </dd>
          <dt>Owner</dt>
          <dd class="mono">${provider.owner}</dd>
          <dt>Operators</dt>
          <dd>
            ${operators.length === 0 ? html`<span class="muted">none</span>` : operators.map((op) => html`<div class="mono">${op}</div>`)}
          </dd>
          <dt>Metadata URI</dt>
          <dd class="mono">${provider.metadataURI}</dd>
          <dt>Created</dt>
          <dd>${when(provider.createdAt)}</dd>
        </dl>
      </div>
      <h3>Nodes (${nodes.length})</h3>
      ${nodeTable(nodes, this.store.verdicts, new Map([[provider.id, provider.name]]))}
      <h3>History</h3>
      ${eventList(history)}
    `;
  }
}

/** One node: its record, its verdict, and its events. */
export class NodePage extends StoreElement {
  static override styles = [sharedStyles, timelineStyles];
  /** The node shown (any case). */
  node = "";

  override render(): TemplateResult {
    const snapshot = this.store.snapshot;
    if (snapshot === undefined) return html`<p class="muted">Reading the registry…</p>`;
    const address = this.node.toLowerCase();
    const node = snapshot.nodes.find((candidate) => candidate.node.toLowerCase() === address);
    const history = this.store.events.filter((event) => event.node?.toLowerCase() === address);
    const provider = snapshot.providers.find((candidate) => candidate.id === node?.providerId);
    return html`
      <p><a href="#/nodes">← Nodes</a></p>
      <h2>Node ${shortAddress(this.node)}</h2>
      ${
        node === undefined
          ? html`<p class="muted">Not bound to any provider now (never registered, or retired).</p>`
          : html`
              ${nodeTable([node], this.store.verdicts, new Map([[node.providerId, provider?.name ?? ""]]))}
            `
      }
      <h3>Events</h3>
      ${eventList(history)}
    `;
  }
}

customElements.define("wm-provider", ProviderPage);
customElements.define("wm-node", NodePage);
