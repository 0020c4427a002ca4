import { postgresUrlOf } from "../../config/postgres.js";
import { resolveOptions } from "../../../client/kernel/options/optionTable.js";
import { RECORDS_DEFAULTS } from "../../../client/records/protocol/constants.js";
import type { PeerPolicyCheck } from "../../services/types.js";
import { RecordsOptionError } from "../errors.js";
import type { RecordsLimitsInit } from "./limits.generated.js";
import { RECORDS_OPTIONS } from "./table.js";
import type { RecordsLimits, RecordsServiceInit, ResolvedRecordsInit } from "./types.js";

/** The names of every records option. */
export const RECORDS_LIMIT_OPTIONS = Object.keys(RECORDS_OPTIONS) as readonly (keyof RecordsLimits)[];

/** Bytes a list entry takes in a response beyond its name (numbers and field tags). */
const LIST_ENTRY_OVERHEAD_BYTES = 32;

/**
 * Merges limits with their defaults and checks each one and how they fit together.
 *
 * @param init - The limits given; absent fields take their defaults.
 * @returns Every limit resolved.
 * @throws RecordsOptionError naming the first option without a valid value.
 */
export function resolveRecordsLimits(init: RecordsLimitsInit = {}): RecordsLimits {
  const limits = resolveOptions(RECORDS_OPTIONS, init, (option, reason) => {
    throw new RecordsOptionError(option, reason);
  });
  checkFits(limits);
  return limits;
}

/** Defaults of every records service option. */
export const RECORDS_SERVICE_DEFAULTS: Readonly<RecordsLimits> = resolveRecordsLimits();

/**
 * Applies defaults to the service options and validates them.
 *
 * @param init - The options given.
 * @returns Every option resolved.
 * @throws RecordsOptionError naming an invalid option.
 */
export function resolveRecordsInit(init: RecordsServiceInit): ResolvedRecordsInit {
  return {
    limits: resolveRecordsLimits(init),
    path: init.path ?? ":memory:",
    postgresUrl: postgresUrlOf(init.postgresUrl),
    openStore: init.openStore,
    domain: init.domain,
    checkPeers: init.checkPeers ?? refuseAll,
    serviceKey: init.serviceKey,
    clock: init.clock ?? Date.now,
    onStoreError: init.onStoreError ?? (() => undefined),
    onStoreConnectFailed: init.onStoreConnectFailed ?? (() => undefined),
    onSyncFailed: init.onSyncFailed ?? (() => undefined),
  };
}

/** The peer check of a service given none: nobody is a replication peer. */
const refuseAll: PeerPolicyCheck = (peers) =>
  Promise.resolve(
    peers.map(() => ({ allowed: false, reason: "NoPolicy", providerId: undefined, ownProvider: false })),
  );

/** Checks how the limits fit together; each option on its own is valid. */
function checkFits(limits: RecordsLimits): void {
  const record = limits.maxNameBytes + limits.maxValueBytes;
  if (limits.maxFrameBytes < record + 256) {
    throw new RecordsOptionError("maxFrameBytes", `must hold the largest record (at least ${record + 256})`);
  }
  if (limits.maxBytesPerOwner < record) {
    throw new RecordsOptionError(
      "maxBytesPerOwner",
      `must be at least maxNameBytes + maxValueBytes (${record}), or no record that large is ever accepted`,
    );
  }
  if (limits.maxResponseBytes < record + 256) {
    throw new RecordsOptionError(
      "maxResponseBytes",
      `must hold the largest record (at least ${record + 256})`,
    );
  }
  if (limits.maxSyncFrameBytes < limits.maxResponseBytes + 1_024) {
    throw new RecordsOptionError("maxSyncFrameBytes", "must be at least maxResponseBytes + 1024");
  }
  if (limits.syncBytesBurst < limits.maxResponseBytes) {
    throw new RecordsOptionError(
      "syncBytesBurst",
      "must be at least maxResponseBytes, or no full fetch answer is ever served",
    );
  }
  if (limits.defaultListPageSize > limits.maxListPageSize) {
    throw new RecordsOptionError("defaultListPageSize", "must not exceed maxListPageSize");
  }
  const page = limits.maxListPageSize * (limits.maxNameBytes + LIST_ENTRY_OVERHEAD_BYTES);
  if (page > RECORDS_DEFAULTS.maxResponseFrameBytes) {
    throw new RecordsOptionError(
      "maxListPageSize",
      `a full page must fit the ${RECORDS_DEFAULTS.maxResponseFrameBytes} bytes a client accepts`,
    );
  }
}
