import { escapeMarkdown, renderOptionTable } from "../../client/kernel/options/markdown.js";
import { NODE_OPTIONS } from "../../node/config/options.js";
import type { GeneratedSection } from "./generated.js";

/**
 * The Markdown table of every `waymark-node start` option: config-file key, flag, environment
 * variable, default and description, straight from the option table the node parses with.
 *
 * @returns The table.
 */
export function renderNodeOptionsTable(): string {
  return renderOptionTable(NODE_OPTIONS, [
    { header: "config-file key", cell: (key) => `\`${key}\`` },
    { header: "flag", cell: (_key, spec) => (spec.fileOnly === true ? "— (file only)" : `\`${spec.flag}\``) },
    {
      header: "environment variable",
      cell: (_key, spec) => (spec.fileOnly === true ? "—" : `\`${spec.env}\``),
    },
    { header: "default", cell: (_key, spec) => escapeMarkdown(spec.defaultText) },
    { header: "what it does", cell: (_key, spec) => escapeMarkdown(spec.description) },
  ]);
}

/** The table of `waymark-node start` options in docs/configuration.md. */
export const NODE_OPTIONS_SECTION: GeneratedSection = {
  name: "node-options",
  source: "node/config/options.ts",
  render: renderNodeOptionsTable,
};
