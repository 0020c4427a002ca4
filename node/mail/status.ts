import type { CatchUpStatus, ReplicationStatus } from "../replication/replicator.js";
import type { StoreStats } from "./store/types.js";
import type { MailStatus } from "./types.js";

/** Catch-up figures before the service has started. */
const NO_CATCH_UP: CatchUpStatus = {
  state: "pending",
  peer: undefined,
  pulled: 0,
  from: undefined,
  to: undefined,
  error: undefined,
};

/** Replication figures before the service has started. */
const NO_REPLICATION: ReplicationStatus = {
  peers: 0,
  queued: 0,
  lagMs: 0,
  forwarded: 0,
  dropped: 0,
  inboundLagMs: undefined,
  lastAntiEntropyAt: undefined,
  lastAntiEntropyPulled: undefined,
};

/** The parts the status is made of; undefined parts when the service is not running. */
export interface StatusParts {
  store: StoreStats | undefined;
  sync: { catchUp: CatchUpStatus; replication: ReplicationStatus } | undefined;
  ready: boolean;
  requests: MailStatus["requests"];
  stored: MailStatus["stored"];
}

/**
 * Assembles what `/status` shows for the mail service.
 *
 * @param parts - Store figures, replication figures, readiness, request and storage counters.
 * @returns The status.
 */
export function mailStatus(parts: StatusParts): MailStatus {
  const { store, sync } = parts;
  return {
    messages: store?.messages ?? 0,
    bytes: store?.bytes ?? 0,
    oldestTimestamp: store?.oldestTimestamp,
    newestTimestamp: store?.newestTimestamp,
    evictionFloor: store === undefined || store.floor === 0 ? undefined : store.floor,
    ready: parts.ready,
    catchUp: sync?.catchUp ?? { ...NO_CATCH_UP },
    replication: sync?.replication ?? { ...NO_REPLICATION },
    requests: { ...parts.requests, errorsByCode: { ...parts.requests.errorsByCode } },
    stored: { ...parts.stored },
  };
}
