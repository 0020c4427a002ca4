import { html } from "lit";
import type { TemplateResult } from "lit";

import { REASON_CODES } from "../../../../actions/registry/reasons.js";
import { toRegistryError } from "../../../../kernel/registry/decodeError.js";
import type { ProviderInfo } from "../../../../kernel/registry/providers.js";
import { badge } from "../format.js";
import { StoreElement } from "../storeElement.js";
import { sharedStyles } from "../styles.js";
import type { Wallet } from "../wallet.js";
import { connectWallet } from "../wallet.js";
import { sortPendingFirst } from "./providers.js";

interface Role {
  curator: boolean;
  /** Providers the account owns. */
  owns: bigint[];
}

/** The curator console: approve, reject, suspend, reinstate, set defaults, signed by the browser's wallet. */
export class CuratorPage extends StoreElement {
  static override styles = sharedStyles;
  private wallet: Wallet | undefined;
  private walletRole: Role | undefined;
  private message: { kind: "notice" | "error"; text: string } | undefined;
  private busy = false;
  private reason = 0;

  override render(): TemplateResult {
    return html`
      <h2>Curator console</h2>
      ${
        this.message === undefined
          ? ""
          : html`<div class=${this.message.kind} data-testid="message">${this.message.text}</div>`
      }
      ${this.wallet === undefined ? this.renderConnect() : this.renderConsole(this.wallet)}
    `;
  }

  private renderConnect(): TemplateResult {
    return html`
      <div class="card">
        <p>Transactions are signed by your browser's wallet; this page never sees a key.</p>
        <button @click=${() => void this.connect()} ?disabled=${this.busy}>Connect wallet</button>
      </div>
    `;
  }

  private renderConsole(wallet: Wallet): TemplateResult {
    const snapshot = this.store.snapshot;
    const role = this.walletRole;
    const expected = BigInt(this.store.chain.config.chainId);
    const wrongChain = wallet.chainId !== expected;
    const allowed = role?.curator === true && !wrongChain;
    return html`
      <div class="card" data-testid="role">
        <dl>
          <dt>Account</dt>
          <dd class="mono">${wallet.account}</dd>
          <dt>Role</dt>
          <dd>
            ${role === undefined ? "…" : role.curator ? badge("Curator") : html`<span class="badge">not a curator</span>`}
          </dd>
        </dl>
      </div>
      ${
        wrongChain
          ? html`<div class="error" data-testid="why-not">
              The wallet is on chain ${wallet.chainId.toString()}, the registry on chain
              ${expected.toString()}: switch the wallet's network first.
            </div>`
          : ""
      }
      ${role !== undefined && !role.curator ? this.renderWhyNot(wallet, role) : ""}
      <div class="toolbar">
        <label
          >Reason for rejections and suspensions:
          <select
            aria-label="Reason"
            @change=${(event: Event) => {
              this.reason = Number((event.target as HTMLSelectElement).value);
            }}
          >
            ${Object.entries(REASON_CODES).map(([name, code]) => html`<option value=${code}>${name}</option>`)}
          </select></label
        >
      </div>
      <div class="scroll">
        <table class="cards" data-testid="curation">
          <thead>
            <tr>
              <th>Id</th>
              <th>Name</th>
              <th>Status</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            ${sortPendingFirst(snapshot?.providers ?? []).map(
              (provider) => html`
                <tr data-provider=${provider.id.toString()}>
                  <td data-label="Id">${provider.id.toString()}</td>
                  <td data-label="Name">${provider.name}</td>
                  <td data-label="Status">
                    ${badge(provider.status)}
                    ${provider.isDefault ? html`<span class="badge">default</span>` : ""}
                  </td>
                  <td data-label="Actions"><div class="actions">${this.actions(provider, allowed)}</div></td>
                </tr>
              `,
            )}
          </tbody>
        </table>
      </div>
      <h3>Nodes</h3>
      <form
        class="toolbar"
        @submit=${(event: SubmitEvent) => {
          this.nodeAction(event);
        }}
      >
        <input name="node" placeholder="node address 0x…" aria-label="Node address" required />
        <button name="action" value="suspend" ?disabled=${!allowed || this.busy}>Suspend node</button>
        <button name="action" value="reinstate" class="secondary" ?disabled=${!allowed || this.busy}>
          Reinstate node
        </button>
      </form>
    `;
  }

  private renderWhyNot(wallet: Wallet, role: Role): TemplateResult {
    return html`<div class="notice" data-testid="why-not">
      ${wallet.account} does not hold the curator role on this registry, so it cannot approve or reject
      applications, suspend or reinstate providers and nodes, or set default providers: the registry would
      revert with AccessControlUnauthorizedAccount. The registry's admin grants the role (<span class="mono"
        >waymark curator set-curator</span
      >).
      ${
        role.owns.length > 0
          ? html`It owns provider ${role.owns.map((id) => id.toString()).join(", ")}: manage it with
              <span class="mono">waymark provider</span> commands.`
          : ""
      }
    </div>`;
  }

  private actions(provider: ProviderInfo, allowed: boolean): TemplateResult {
    const disabled = !allowed || this.busy;
    const id = provider.id;
    const button = (label: string, run: () => Promise<unknown>, secondary = false): TemplateResult =>
      html`<button
        class=${secondary ? "secondary" : ""}
        ?disabled=${disabled}
        @click=${() => void this.send(`${label} provider ${id.toString()}`, run)}
      >
        ${label}
      </button>`;
    const contract = this.wallet?.contract;
    if (contract === undefined) return html``;
    switch (provider.status) {
      case "Pending":
        return html`${button("Approve", () => contract.approveProvider(id))}
        ${button("Reject", () => contract.rejectProvider(id, this.reason), true)}`;
      case "Active":
        return html`${button("Suspend", () => contract.suspendProvider(id, this.reason), true)}
        ${button(
          provider.isDefault ? "Unset default" : "Set default",
          () => contract.setDefaultProvider(id, !provider.isDefault),
          true,
        )}`;
      case "Suspended":
        return html`${button("Reinstate", () => contract.reinstateProvider(id))}`;
      default:
        return html`<span class="muted">no action</span>`;
    }
  }

  private nodeAction(event: SubmitEvent): void {
    event.preventDefault();
    const contract = this.wallet?.contract;
    const node = formText(new FormData(event.target as HTMLFormElement), "node").trim();
    const action = (event.submitter as HTMLButtonElement | null)?.value;
    if (contract === undefined || !/^0x[0-9a-fA-F]{40}$/.test(node)) {
      this.show("error", "Enter a node address (0x and 40 hex digits).");
      return;
    }
    void (action === "reinstate"
      ? this.send(`Reinstate node ${node}`, () => contract.reinstateNode(node))
      : this.send(`Suspend node ${node}`, () => contract.suspendNode(node, this.reason)));
  }

  private async connect(): Promise<void> {
    this.busy = true;
    this.requestUpdate();
    try {
      const wallet = await connectWallet(this.store.chain.config.registry);
      this.wallet = wallet;
      this.message = undefined;
      const contract = this.store.chain.registry.contract;
      const curator = await contract.hasRole(await contract.CURATOR_ROLE(), wallet.account);
      const owns = (this.store.snapshot?.providers ?? [])
        .filter((provider) => provider.owner.toLowerCase() === wallet.account.toLowerCase())
        .map((provider) => provider.id);
      this.walletRole = { curator, owns };
    } catch (err) {
      this.show("error", err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err));
    } finally {
      this.busy = false;
      this.requestUpdate();
    }
  }

  private async send(label: string, run: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.show("notice", `${label}: waiting for the wallet…`);
    try {
      const tx = (await run()) as { hash: string; wait(): Promise<unknown> };
      this.show("notice", `${label}: sent ${tx.hash}, waiting for the block…`);
      await tx.wait();
      this.show("notice", `${label}: done.`);
    } catch (err) {
      this.show("error", `${label} failed: ${toRegistryError(err, undefined).shortMessage}`);
    } finally {
      this.busy = false;
      this.requestUpdate();
    }
  }

  private show(kind: "notice" | "error", text: string): void {
    this.message = { kind, text };
    this.requestUpdate();
  }
}

function formText(form: FormData, field: string): string {
  const value = form.get(field);
  return typeof value === "string" ? value : "";
}

customElements.define("wm-curator", CuratorPage);
