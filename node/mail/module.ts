import { join } from "node:path";

import { WaymarkError } from "../../client/kernel/errors/base.js";
import { MAIL_SERVICE } from "../../client/kernel/service/serviceId.js";
import { serviceKey } from "../../client/kernel/service/serviceKey.js";
import type { NodeServiceContext, NodeServiceModule } from "../services/types.js";
import { storeLogFields } from "../config/storeOptions.js";
import { MAIL_RUNTIME_KEY } from "./constants.js";
import { MailOptionError } from "./errors.js";
import { mailService } from "./index.js";
import type { MailLimitsInit } from "./options.js";
import { MAIL_LIMIT_OPTIONS, resolveMailLimits } from "./options.js";

/** File name of the mail store inside the service's data folder. */
export const MAIL_STORE_FILE = "mail.sqlite";

/**
 * Checks the mail section of the node configuration: only known option names, each with a valid
 * value (see `MailLimitsInit` for names and defaults).
 *
 * @param options - The section, unvalidated.
 * @returns The limits given (defaults are applied by the service).
 * @throws MailOptionError naming the first unknown option or invalid value.
 */
export function parseMailOptions(options: Record<string, unknown>): MailLimitsInit {
  const known = new Set<string>(MAIL_LIMIT_OPTIONS);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new MailOptionError(key, "is not a mail option");
  }
  const limits = options as MailLimitsInit;
  resolveMailLimits(limits);
  return limits;
}

/**
 * The `mail/1` service module the node daemon mounts: the mail service under the runtime key
 * `mail`, its SQLite store in the service's data folder, replication with the peers the node's
 * replication policy admits, and other mail servers found through the DHT key of the node's scope.
 *
 * @param overrides - Options that take precedence over the configuration section (tests, tools).
 * @returns The module.
 * @example
 * ```ts
 * const SERVICE_CATALOG = { "mail/1": async () => [mailModule()] };
 * ```
 */
export function mailModule(overrides: MailLimitsInit = {}): NodeServiceModule {
  return {
    service: MAIL_SERVICE,
    runtimeKey: MAIL_RUNTIME_KEY,
    create(context: NodeServiceContext) {
      const limits = { ...parseMailOptions(context.options), ...overrides };
      const path = join(context.dataDir, MAIL_STORE_FILE);
      context.logger.info(storeLogFields(limits, path, "waymark_mail"), "mail store");
      return {
        [MAIL_RUNTIME_KEY]: mailService({
          ...limits,
          path,
          checkPeers: context.checkPeers,
          serviceKey: serviceKey(context.scope),
          onStoreError: (error) => {
            context.logger.error(
              { path, reason: reasonOf(error) },
              "the mail store cannot write: pushes are refused",
            );
          },
          onStoreConnectFailed: ({ attempt, error, retryInMs }) => {
            context.logger.warn(
              { attempt, retryInMs, reason: reasonOf(error) },
              "the %s store cannot reach PostgreSQL yet; retrying",
              "mail",
            );
          },
          onSyncFailed: (peer, kind, error) => {
            const from = peer === undefined ? "" : ` from ${peer.toString()}`;
            context.logger.warn(
              { peerId: peer?.toString(), kind, reason: reasonOf(error) },
              `${kind}${from} failed: ${reasonOf(error)}`,
            );
          },
        }),
      };
    },
  };
}

/** One line saying why something failed, for the log. */
function reasonOf(error: Error): string {
  return error instanceof WaymarkError ? error.shortMessage : error.message;
}
