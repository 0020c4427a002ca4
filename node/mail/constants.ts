/** The libp2p service key the mail runtime is mounted under. */
export const MAIL_RUNTIME_KEY = "mail";

/** Scoped logger name of the mail service. */
export const MAIL_LOG_COMPONENT = "waymark:mail";

/** Defaults of every mail service option, from its option table (see `MailLimitsInit`). */
export { MAIL_SERVICE_DEFAULTS } from "./options/resolve.js";
