import { css, html } from "lit";
import type { TemplateResult } from "lit";

import { StoreElement } from "../storeElement.js";
import { sharedStyles } from "../styles.js";
import { eventList } from "./eventList.js";

/** Styles of the event timeline. */
export const timelineStyles = css`
  .timeline {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .timeline li {
    background: #fff;
    border: 1px solid #dde3ec;
    border-radius: 8px;
    padding: 0.5rem 0.7rem;
    margin-bottom: 0.4rem;
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem 0.7rem;
    align-items: baseline;
  }
  .timeline .block {
    margin-left: auto;
    font-size: 0.8rem;
  }
  .timeline .value {
    word-break: break-all;
  }
`;

/** Every registry event, newest first, updated as blocks arrive. */
export class EventsPage extends StoreElement {
  static override styles = [sharedStyles, timelineStyles];

  override render(): TemplateResult {
    return html`
      <h2>Events</h2>
      <p class="muted">Every registry event, newest first; new ones appear as blocks arrive.</p>
      ${eventList(this.store.events)}
    `;
  }
}

customElements.define("wm-events", EventsPage);
