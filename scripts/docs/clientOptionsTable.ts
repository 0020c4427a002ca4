import { escapeMarkdown, renderOptionTable } from "../../client/kernel/options/markdown.js";
import { defaultText, docSummary } from "../../client/kernel/options/optionTable.js";
import { CLIENT_OPTIONS } from "../../client/options/index.js";
import type { GeneratedSection } from "./generated.js";
import { initInterfaceFile } from "./initInterface.js";

/** The table of the client's discovery, verification and selection options in docs/configuration.md. */
export const CLIENT_OPTIONS_SECTION: GeneratedSection = {
  name: "client-options",
  source: "client/options/table.ts",
  render: () =>
    renderOptionTable(CLIENT_OPTIONS, [
      { header: "option", cell: (name) => `\`${name}\`` },
      { header: "default", cell: (_name, spec) => `\`${defaultText(spec)}\`` },
      { header: "valid values", cell: (_name, spec) => escapeMarkdown(spec.rule.text) },
      { header: "what it does", cell: (_name, spec) => escapeMarkdown(docSummary(spec)) },
    ]),
};

/** `ClientTuningInit`, with the TSDoc of every option of the client's table. */
export const CLIENT_TUNING_INIT = initInterfaceFile({
  path: "client/options/tuning.generated.ts",
  source: "client/options/table.ts",
  name: "ClientTuningInit",
  doc: "Discovery, verification and selection options of the client; every field is optional and has the default shown.",
  table: CLIENT_OPTIONS,
});
