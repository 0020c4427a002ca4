/**
 * The mail service's options: the table (options/table.ts) from which their defaults, validation,
 * TSDoc (options/limits.generated.ts) and documentation come, and the resolvers.
 */
export type { MailLimitsInit } from "./options/limits.generated.js";
export {
  MAIL_LIMIT_OPTIONS,
  MAIL_SERVICE_DEFAULTS,
  resolveMailInit,
  resolveMailLimits,
} from "./options/resolve.js";
export { FRAME_OVERHEAD_BYTES, MAIL_OPTIONS } from "./options/table.js";
export type { MailLimits, MailServiceInit, ResolvedMailInit } from "./options/types.js";
