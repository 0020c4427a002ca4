import { html } from "lit";
import type { TemplateResult } from "lit";

import type { RegistryEvent } from "../events.js";
import { shortAddress } from "../format.js";

/**
 * Registry events as a timeline, newest first.
 *
 * @param events - The events, newest first.
 * @returns The list.
 */
export function eventList(events: readonly RegistryEvent[]): TemplateResult {
  if (events.length === 0) return html`<p class="muted">No events yet.</p>`;
  return html`
    <ol class="timeline" data-testid="events">
      ${events.map(
        (event) => html`
          <li data-event=${event.name}>
            <span class="badge">${event.name}</span>
            ${
              event.providerId === undefined
                ? ""
                : html`provider
                    <a href=${`#/provider/${event.providerId.toString()}`}>${event.providerId.toString()}</a>`
            }
            ${event.node === undefined ? "" : html`node <a href=${`#/node/${event.node}`}>${shortAddress(event.node)}</a>`}
            ${event.details.map(
              ([name, value]) =>
                html`<span class="detail"
                  ><span class="muted">${name}</span> <span class="value">${value}</span></span
                >`,
            )}
            <span class="muted block">block ${event.blockNumber}</span>
          </li>
        `,
      )}
    </ol>
  `;
}
