import { resolveOptions } from "../../../client/kernel/options/optionTable.js";
import type { PeerPolicyCheck } from "../../services/types.js";
import { postgresUrlOf } from "../../config/postgres.js";
import { MailOptionError } from "../errors.js";
import type { MailLimitsInit } from "./limits.generated.js";
import { ENVELOPE_FRAMING_BYTES, FRAME_OVERHEAD_BYTES, MAIL_OPTIONS } from "./table.js";
import type { MailLimits, MailServiceInit, ResolvedMailInit } from "./types.js";

/** The names of every limit option. */
export const MAIL_LIMIT_OPTIONS = Object.keys(MAIL_OPTIONS) as readonly (keyof MailLimits)[];

/**
 * Merges limits with their defaults and checks each one and how they fit together.
 *
 * @param init - The limits given; absent fields take their defaults.
 * @returns Every limit resolved.
 * @throws MailOptionError naming the first option without a valid value.
 */
export function resolveMailLimits(init: MailLimitsInit = {}): MailLimits {
  const limits = resolveOptions(MAIL_OPTIONS, init, (option, reason) => {
    throw new MailOptionError(option, reason);
  });
  checkFits(limits);
  return limits;
}

/**
 * Defaults of every mail service option, and the request frame's overhead the default
 * `maxFrameBytes` allows for.
 */
export const MAIL_SERVICE_DEFAULTS: Readonly<MailLimits> & { readonly frameOverheadBytes: number } = {
  ...resolveMailLimits(),
  frameOverheadBytes: FRAME_OVERHEAD_BYTES,
};

/**
 * Applies defaults to the service options and validates them.
 *
 * @param init - The options given.
 * @returns Every option resolved.
 * @throws MailOptionError naming an invalid option.
 */
export function resolveMailInit(init: MailServiceInit): ResolvedMailInit {
  return {
    limits: resolveMailLimits(init),
    path: init.path ?? ":memory:",
    postgresUrl: postgresUrlOf(init.postgresUrl),
    openStore: init.openStore,
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
function checkFits(limits: MailLimits): void {
  const envelope = limits.maxPayloadBytes + limits.maxTopicBytes + 64;
  if (limits.maxFrameBytes < envelope) {
    throw new MailOptionError("maxFrameBytes", `must hold the largest envelope (at least ${envelope})`);
  }
  const batch = limits.maxPushBatchBytes + limits.maxPushEnvelopes * ENVELOPE_FRAMING_BYTES + 64;
  if (limits.maxFrameBytes < batch) {
    throw new MailOptionError(
      "maxFrameBytes",
      `must hold the largest push of several, maxPushBatchBytes + ${ENVELOPE_FRAMING_BYTES} × maxPushEnvelopes (at least ${batch})`,
    );
  }
  if (limits.maxResponseBytes < envelope) {
    throw new MailOptionError("maxResponseBytes", `must hold the largest envelope (at least ${envelope})`);
  }
  if (limits.maxSyncFrameBytes < limits.maxResponseBytes + 1_024) {
    throw new MailOptionError("maxSyncFrameBytes", "must be at least maxResponseBytes + 1024");
  }
  if (limits.bytesBurst < limits.maxPayloadBytes) {
    throw new MailOptionError(
      "bytesBurst",
      "must be at least maxPayloadBytes, or no payload that large is ever accepted",
    );
  }
  if (limits.addressBytesBurst < limits.maxPayloadBytes) {
    throw new MailOptionError(
      "addressBytesBurst",
      "must be at least maxPayloadBytes, or no payload that large is ever accepted",
    );
  }
  if (limits.syncBytesBurst < limits.maxResponseBytes) {
    throw new MailOptionError(
      "syncBytesBurst",
      "must be at least maxResponseBytes, or no full fetch answer is ever served",
    );
  }
  if (limits.defaultPageSize > limits.maxPageSize) {
    throw new MailOptionError("defaultPageSize", "must not exceed maxPageSize");
  }
}
