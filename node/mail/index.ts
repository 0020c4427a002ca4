import type { MailServiceInit } from "./options.js";
import { resolveMailInit } from "./options.js";
import { DefaultMailService } from "./service.js";
import type { MailService, MailServiceComponents } from "./types.js";

export { MAIL_LOG_COMPONENT, MAIL_RUNTIME_KEY, MAIL_SERVICE_DEFAULTS } from "./constants.js";
export { MailOptionError } from "./errors.js";
export type { MailLimits, MailLimitsInit, MailServiceInit } from "./options.js";
export { MAIL_LIMIT_OPTIONS, resolveMailLimits } from "./options.js";
export type { ReconcileResult } from "../replication/reconcile.js";
export type { CatchUpStatus, ReplicationStatus } from "../replication/replicator.js";
export type { SyncReason } from "../replication/syncReason.js";
export { SqliteMailStore } from "./store/sqlite/sqliteMailStore.js";
export type { SqliteMailStoreInit } from "./store/sqlite/sqliteMailStore.js";
export type * from "./store/types.js";
export type * from "./types.js";

/**
 * The mail service: serves `/waymark/mail/1.0.0` (push, history) from a durable store, and
 * replicates with the other registered mail servers over `/waymark/mail/sync/1.0.0`.
 *
 * @param init - Store location, peer check, DHT key and limits; every field has a default.
 * @returns The libp2p service factory.
 * @throws MailOptionError at once when a limit is invalid.
 * @example
 * ```ts
 * const host = await createWaymarkHost({
 *   services: { mail: mailService({ path: "mail.sqlite", isRegisteredPeer, serviceKey }) },
 * });
 * await host.services.mail.ready();
 * ```
 */
export function mailService(init: MailServiceInit = {}): (components: MailServiceComponents) => MailService {
  const resolved = resolveMailInit(init);
  return (components) => new DefaultMailService(components, resolved);
}
