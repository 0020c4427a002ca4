import { LitElement } from "lit";

import type { DashboardStore } from "./store.js";

/** A page that renders from the store and re-renders whenever the store changes. */
export class StoreElement extends LitElement {
  private current: DashboardStore | undefined;
  private readonly onChange = (): void => {
    this.requestUpdate();
  };

  /** The store the page renders; set by the app before the page is attached. */
  get store(): DashboardStore {
    if (this.current === undefined) throw new Error("the page has no store");
    return this.current;
  }

  set store(store: DashboardStore) {
    this.current?.removeEventListener("change", this.onChange);
    this.current = store;
    if (this.isConnected) store.addEventListener("change", this.onChange);
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.current?.addEventListener("change", this.onChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.current?.removeEventListener("change", this.onChange);
  }
}
