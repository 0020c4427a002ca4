import { html } from "lit";
import type { TemplateResult } from "lit";

import type { PageVerdict } from "../policy.js";
import { verdictReason } from "../policy.js";
import { badge, shortAddress, when } from "../format.js";
import type { PageNode } from "../registryData.js";

/**
 * A table of nodes with their verdicts under the page's policy.
 *
 * @param nodes - The nodes.
 * @param verdicts - Verdicts by lower-case address, when read.
 * @param names - Provider names by id.
 * @returns The table.
 */
export function nodeTable(
  nodes: readonly PageNode[],
  verdicts: ReadonlyMap<string, PageVerdict> | undefined,
  names: ReadonlyMap<bigint, string>,
): TemplateResult {
  return html`
    <div class="scroll">
      <table class="cards" data-testid="nodes">
        <thead>
          <tr>
            <th>Node</th>
            <th>Provider</th>
            <th>Service</th>
            <th>Status</th>
            <th>Verdict</th>
            <th>Why</th>
            <th>Registered</th>
          </tr>
        </thead>
        <tbody>
          ${nodes.map((node) => {
            const verdict = verdicts?.get(node.node.toLowerCase());
            return html`
              <tr data-node=${node.node}>
                <td data-label="Node"><a href=${`#/node/${node.node}`}>${shortAddress(node.node)}</a></td>
                <td data-label="Provider">
                  <a href=${`#/provider/${node.providerId.toString()}`}>${node.providerId.toString()}</a>
                  <span class="muted">${names.get(node.providerId) ?? ""}</span>
                </td>
                <td data-label="Service">${node.service}</td>
                <td data-label="Status">${badge(node.status)}</td>
                <td data-label="Verdict" class="verdict">
                  ${
                    verdict === undefined
                      ? html`<span class="muted">…</span>`
                      : html`<span class="badge ${verdict.trusted ? "Trusted" : "untrusted"}"
                          >${verdict.verdict}</span
                        >`
                  }
                </td>
                <td data-label="Why" class="muted">
                  ${verdict === undefined || verdict.trusted ? "" : verdictReason(verdict.verdict)}
                </td>
                <td data-label="Registered" class="muted nowrap">${when(node.registeredAt)}</td>
              </tr>
            `;
          })}
        </tbody>
      </table>
    </div>
  `;
}
