import { escapeMarkdown, renderOptionTable } from "../../client/kernel/options/markdown.js";
import { defaultText, docSummary } from "../../client/kernel/options/optionTable.js";
import { RELAY_OPTIONS } from "../../node/relay/options/table.js";
import type { GeneratedSection } from "./generated.js";

/** The table of relay service options in docs/configuration.md. */
export const RELAY_OPTIONS_SECTION: GeneratedSection = {
  name: "relay-options",
  source: "node/relay/options/table.ts",
  render: () =>
    renderOptionTable(RELAY_OPTIONS, [
      { header: "option", cell: (name) => `\`${name}\`` },
      { header: "default", cell: (_name, spec) => escapeMarkdown(defaultText(spec)) },
      { header: "valid values", cell: (_name, spec) => escapeMarkdown(spec.rule.text) },
      { header: "what it does", cell: (_name, spec) => escapeMarkdown(docSummary(spec)) },
    ]),
};
