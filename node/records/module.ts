import { join } from "node:path";

import { WaymarkError } from "../../client/kernel/errors/base.js";
import { RECORDS_SERVICE } from "../../client/kernel/service/serviceId.js";
import { serviceKey } from "../../client/kernel/service/serviceKey.js";
import type { NodeServiceContext, NodeServiceModule } from "../services/types.js";
import { storeLogFields } from "../config/storeOptions.js";
import { RECORDS_RUNTIME_KEY, RECORDS_STORE_FILE } from "./constants.js";
import { RecordsOptionError } from "./errors.js";
import { recordsService } from "./index.js";
import type { RecordsLimitsInit } from "./options.js";
import { RECORDS_LIMIT_OPTIONS, resolveRecordsLimits } from "./options.js";

/**
 * Checks the records section of the node configuration: only known option names, each with a
 * valid value (see `RecordsLimitsInit` for names and defaults).
 *
 * @param options - The section, unvalidated.
 * @returns The limits given (defaults are applied by the service).
 * @throws RecordsOptionError naming the first unknown option or invalid value.
 */
export function parseRecordsOptions(options: Record<string, unknown>): RecordsLimitsInit {
  const known = new Set<string>(RECORDS_LIMIT_OPTIONS);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new RecordsOptionError(key, "is not a records option");
  }
  const limits = options as RecordsLimitsInit;
  resolveRecordsLimits(limits);
  return limits;
}

/**
 * The `records/1` service module the node daemon mounts: the records service under the runtime
 * key `records`, its SQLite store in the service's data folder, accepting records signed for the
 * deployment the node announces under (its chain id and registry address), and replicating with
 * the records servers the node's replication policy admits, found through the DHT key of its scope.
 *
 * @param overrides - Options that take precedence over the configuration section (tests, tools).
 * @returns The module.
 * @example
 * ```ts
 * const SERVICE_CATALOG = { "records/1": async () => [recordsModule()] };
 * ```
 */
export function recordsModule(overrides: RecordsLimitsInit = {}): NodeServiceModule {
  return {
    service: RECORDS_SERVICE,
    runtimeKey: RECORDS_RUNTIME_KEY,
    create(context: NodeServiceContext) {
      const limits = { ...parseRecordsOptions(context.options), ...overrides };
      const path = join(context.dataDir, RECORDS_STORE_FILE);
      context.logger.info(storeLogFields(limits, path, "waymark_records"), "records store");
      return {
        [RECORDS_RUNTIME_KEY]: recordsService({
          ...limits,
          path,
          domain: { chainId: context.scope.chainId, registry: context.scope.registry },
          checkPeers: context.checkPeers,
          serviceKey: serviceKey(context.scope),
          onStoreError: (error) => {
            context.logger.error(
              { path, reason: reasonOf(error) },
              "the records store cannot write: puts are refused",
            );
          },
          onStoreConnectFailed: ({ attempt, error, retryInMs }) => {
            context.logger.warn(
              { attempt, retryInMs, reason: reasonOf(error) },
              "the %s store cannot reach PostgreSQL yet; retrying",
              "records",
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
