import type { ClosedLoopLevel } from "../lib/closedLoop.js";
import type { ProfileSummary } from "../lib/profile.js";
import type { Summary } from "../lib/stats.js";
import type { RecordsBenchBackend } from "./backends.js";
import type { RecordsPrefill } from "./store.js";

/**
 * The figures of one concurrency level of puts; the load generator's CPU includes its check of each
 * record before sending it.
 */
export interface PutLevel extends ClosedLoopLevel {
  /** Records put at this level. */
  readonly puts: number;
  /** Puts the node answered as already held. */
  readonly duplicates: number;
}

/** Per-record costs of the client and of the signature check, measured in process once per run. */
export interface SharedFloors {
  /** `signRecord`, per record, while pre-signing (the client's cost). */
  readonly signMs: Summary;
  /** `verifyRecord`, per record: the signature check a node runs on every put (and a client on every read). */
  readonly verifyMs: Summary;
}

/** A backend's own floors, measured in the same run as its figures. */
export interface BackendFloors {
  /** The store's `put`, one after the other, on the node's store before the node starts (its commit). */
  readonly storePutMs: Summary;
  /** A libp2p ping on the client's connection to the node (a new stream, 32 bytes, closed on both sides). */
  readonly pingMs: Summary;
}

/** Get latencies on the prefilled store, each way. */
export interface GetFigures {
  /** The store's `get` on the node's store, in process: the node's own time. */
  readonly storeMs: Summary;
  /** A get of a name the owner does not have: the request's round trip with almost no work on the node. */
  readonly missMs: Summary;
  /** A get over the connection, the answer decoded but not verified: the node and the network. */
  readonly wireMs: Summary;
  /** `getRecord`, which verifies the answer's signature as every client does. */
  readonly verifiedMs: Summary;
  /** A libp2p ping on the same connection, interleaved with the gets: the floor asked for. */
  readonly pingMs: Summary;
}

/** Replication lag figures, or why there are none. */
export type LagFigures =
  | { readonly skipped: string }
  | { readonly samples: number; readonly ackMs: Summary; readonly lagMs: Summary };

/** One store backend's figures: the node on that store, and the store's floors. */
export interface BackendRun {
  readonly backend: RecordsBenchBackend;
  readonly levels: readonly PutLevel[];
  readonly floors: BackendFloors;
  readonly prefill: RecordsPrefill;
  readonly gets: GetFigures;
  readonly lag: LagFigures;
  readonly nodeStartSeconds: number;
  readonly profile: ProfileSummary | undefined;
}

/** Everything the records benchmark reports. */
export interface RecordsReport {
  /** The floors both backends share. */
  readonly floors: SharedFloors;
  /** Each backend's figures, in run order. */
  readonly runs: readonly BackendRun[];
  readonly settings: { valueBytes: number; storeRecords: number; getSamples: number };
}
