import { escapeMarkdown, renderOptionTable } from "../../client/kernel/options/markdown.js";
import { defaultText, docSummary } from "../../client/kernel/options/optionTable.js";
import { RECORDS_OPTIONS } from "../../node/records/options.js";
import type { GeneratedSection } from "./generated.js";
import { initInterfaceFile } from "./initInterface.js";

/** The table of records service options in docs/configuration.md. */
export const RECORDS_OPTIONS_SECTION: GeneratedSection = {
  name: "records-options",
  source: "node/records/options/table.ts",
  render: () =>
    renderOptionTable(RECORDS_OPTIONS, [
      { header: "option", cell: (name) => `\`${name}\`` },
      { header: "default", cell: (_name, spec) => escapeMarkdown(defaultText(spec)) },
      { header: "valid values", cell: (_name, spec) => escapeMarkdown(spec.rule.text) },
      { header: "what it does", cell: (_name, spec) => escapeMarkdown(docSummary(spec)) },
    ]),
};

/** `RecordsLimitsInit`, with the TSDoc of every records option. */
export const RECORDS_LIMITS_INIT = initInterfaceFile({
  path: "node/records/options/limits.generated.ts",
  source: "node/records/options/table.ts",
  name: "RecordsLimitsInit",
  doc: "Limits and tuning of the records service; every field is optional and has the default shown.",
  table: RECORDS_OPTIONS,
});
