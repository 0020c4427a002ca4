import { escapeMarkdown, renderOptionTable } from "../../client/kernel/options/markdown.js";
import { defaultText, docSummary } from "../../client/kernel/options/optionTable.js";
import { MAIL_OPTIONS } from "../../node/mail/options.js";
import type { GeneratedSection } from "./generated.js";
import { initInterfaceFile } from "./initInterface.js";

/** The table of mail service options in docs/configuration.md. */
export const MAIL_OPTIONS_SECTION: GeneratedSection = {
  name: "mail-options",
  source: "node/mail/options/table.ts",
  render: () =>
    renderOptionTable(MAIL_OPTIONS, [
      { header: "option", cell: (name) => `\`${name}\`` },
      { header: "default", cell: (_name, spec) => escapeMarkdown(defaultText(spec)) },
      { header: "valid values", cell: (_name, spec) => escapeMarkdown(spec.rule.text) },
      { header: "what it does", cell: (_name, spec) => escapeMarkdown(docSummary(spec)) },
    ]),
};

/** `MailLimitsInit`, with the TSDoc of every mail option. */
export const MAIL_LIMITS_INIT = initInterfaceFile({
  path: "node/mail/options/limits.generated.ts",
  source: "node/mail/options/table.ts",
  name: "MailLimitsInit",
  doc: "Limits and tuning of the mail service; every field is optional and has the default shown.",
  table: MAIL_OPTIONS,
});
