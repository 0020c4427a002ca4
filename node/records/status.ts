import type { CatchUpStatus } from "../replication/replicator.js";
import type { RecordsUsage } from "./store/types.js";
import type { RecordSource, RecordsReplicationStatus, RecordsStatus } from "./types.js";

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
const NO_REPLICATION: RecordsReplicationStatus = {
  peers: 0,
  queued: 0,
  lagMs: 0,
  forwarded: 0,
  dropped: 0,
  inboundLagMs: undefined,
  lastAntiEntropyAt: undefined,
  lastAntiEntropyPulled: undefined,
  received: 0,
  pulled: 0,
  syncRequests: 0,
  refusedPeers: 0,
  refused: {},
  syncErrorsByCode: {},
};

/** The parts the status is made of; `usage` and `sync` are undefined when the service is not running. */
export interface RecordsStatusParts {
  usage: RecordsUsage | undefined;
  capacity: number;
  stored: Record<RecordSource, number>;
  requests: RecordsStatus["requests"];
  errorsByCode: Record<string, number>;
  refusals: Record<string, number>;
  ready: boolean;
  sync: { catchUp: CatchUpStatus; replication: RecordsReplicationStatus } | undefined;
}

/**
 * Assembles what `/status` shows for the records service.
 *
 * @param parts - Store usage, replication figures, readiness and the counters.
 * @returns The status (copies: later requests do not change it).
 */
export function recordsStatus(parts: RecordsStatusParts): RecordsStatus {
  const { usage, stored } = parts;
  return {
    records: usage?.records ?? 0,
    tombstones: usage?.tombstones ?? 0,
    owners: usage?.owners ?? 0,
    bytesUsed: usage?.bytes ?? 0,
    capacityBytes: parts.capacity,
    freeBytes: usage?.free ?? parts.capacity,
    stored: stored.put + stored.replication + stored.sync,
    storedBySource: { ...stored },
    requests: {
      put: { ...parts.requests.put },
      get: { ...parts.requests.get },
      list: { ...parts.requests.list },
    },
    errorsByCode: { ...parts.errorsByCode },
    refusals: { ...parts.refusals },
    ready: parts.ready,
    catchUp: parts.sync?.catchUp ?? { ...NO_CATCH_UP },
    replication: parts.sync?.replication ?? { ...NO_REPLICATION, refused: {}, syncErrorsByCode: {} },
  };
}
