import { CLIENT_OPTIONS_SECTION, CLIENT_TUNING_INIT } from "./clientOptionsTable.js";
import type { GeneratedFile, GeneratedSection } from "./generated.js";
import { MAIL_LIMITS_INIT, MAIL_OPTIONS_SECTION } from "./mailOptionsTable.js";
import { NODE_OPTIONS_SECTION } from "./nodeOptionsTable.js";
import { RECORDS_LIMITS_INIT, RECORDS_OPTIONS_SECTION } from "./recordsOptionsTable.js";
import { RELAY_OPTIONS_SECTION } from "./relayOptionsTable.js";

/** Every document with generated sections, by path from the repository's root. */
export const GENERATED_DOCUMENTS: Readonly<Record<string, readonly GeneratedSection[]>> = {
  "docs/configuration.md": [
    NODE_OPTIONS_SECTION,
    MAIL_OPTIONS_SECTION,
    RECORDS_OPTIONS_SECTION,
    RELAY_OPTIONS_SECTION,
    CLIENT_OPTIONS_SECTION,
  ],
};

/** Every source file `npm run docs` writes whole. */
export const GENERATED_FILES: readonly GeneratedFile[] = [
  MAIL_LIMITS_INIT,
  RECORDS_LIMITS_INIT,
  CLIENT_TUNING_INIT,
];
