import { html } from "lit";
import type { TemplateResult } from "lit";

/**
 * An address shortened for a table cell, the full one in its title.
 *
 * @param address - An account or node address.
 * @returns The cell content.
 */
export function shortAddress(address: string): TemplateResult {
  const short = address.length > 14 ? `${address.slice(0, 8)}…${address.slice(-6)}` : address;
  return html`<span class="mono nowrap" title=${address}>${short}</span>`;
}

/**
 * A status as a coloured badge.
 *
 * @param status - A provider or node status, or a verdict.
 * @returns The badge.
 */
export function badge(status: string): TemplateResult {
  return html`<span class="badge ${status}">${status}</span>`;
}

/**
 * A block timestamp as a UTC date and time.
 *
 * @param seconds - Seconds since the epoch.
 * @returns The text.
 */
export function when(seconds: number): string {
  return seconds === 0 ? "" : new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 16);
}
