import { WaymarkError } from "../../../client/kernel/errors/base.js";

/** A periodic audit of the replication peers could not run (the service stopped, an audit failed). */
export class MailAuditFailedError extends WaymarkError {
  override name = "MailAuditFailedError" as const;
}
