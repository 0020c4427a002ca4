import type {
  AbortOptions,
  ComponentLogger,
  Connection,
  ContentRouting,
  PeerId,
  PeerStore,
  StreamHandler,
  StreamHandlerOptions,
  Topology,
  TypedEventTarget,
} from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";

import type { SignedRecord } from "../../client/records/protocol/record.js";
import type { ReconcileResult } from "../replication/reconcile.js";
import type { CatchUpStatus, ReplicationStatus } from "../replication/replicator.js";
import type { SyncReason } from "../replication/syncReason.js";
import type { NodeServiceRuntime } from "../services/types.js";
import type { RecordsRequestKind } from "./server/handlers/types.js";

/** The libp2p components the records service uses. */
export interface RecordsServiceComponents {
  peerId: PeerId;
  logger: ComponentLogger;
  registrar: {
    handle(protocol: string, handler: StreamHandler, options?: StreamHandlerOptions): Promise<void>;
    unhandle(protocol: string, options?: AbortOptions): Promise<void>;
    register(protocol: string, topology: Topology): Promise<string>;
    unregister(id: string): void;
  };
  connectionManager: {
    openConnection(peer: PeerId | Multiaddr | Multiaddr[], options?: AbortOptions): Promise<Connection>;
  };
  peerStore: Pick<PeerStore, "all">;
  contentRouting?: Pick<ContentRouting, "findProviders"> | undefined;
}

/**
 * Where a newly stored record came from: a client's `put`, a peer's forwarding (`replication`), or
 * a catch-up or anti-entropy round (`sync`).
 */
export type RecordSource = "put" | "replication" | "sync";

/** Events of the records service. */
export interface RecordsServiceEvents {
  /**
   * A record was newly committed (a duplicate is not). `record` is verified, its owner
   * checksummed; `source` says how it came (only `put`s are forwarded to the other servers);
   * `from` is the client or the records server it came from.
   */
  "record:stored": CustomEvent<{
    owner: string;
    name: string;
    sequence: number;
    record: SignedRecord;
    source: RecordSource;
    from: PeerId;
  }>;
  /** A catch-up or anti-entropy round with a peer ended. */
  "sync:completed": CustomEvent<{ peer: PeerId; reason: SyncReason; result: ReconcileResult }>;
  /** A peer the replication policy does not admit used the node-to-node protocol, and was refused. */
  "sync:refused": CustomEvent<{ peer: PeerId }>;
}

/** Replication figures of the records service. */
export interface RecordsReplicationStatus extends ReplicationStatus {
  /** Records newly stored since start that another records server forwarded here. */
  received: number;
  /** Records newly stored since start by catch-up or anti-entropy. */
  pulled: number;
  /** Node-to-node requests decoded since start. */
  syncRequests: number;
  /** Node-to-node streams refused since start because the policy does not admit their peer. */
  refusedPeers: number;
  /**
   * Records a peer sent that were refused since start, by reason: the rule broken
   * (`bad_signature`, `expired`, `invalid_record`, `too_large`), `stale_sequence` (a higher
   * version is held) or a store limit (`records`, `bytes`, `capacity`).
   */
  refused: Record<string, number>;
  /** Node-to-node requests answered with an error since start, by code. */
  syncErrorsByCode: Record<string, number>;
}

/** Requests of one kind answered since start. */
export interface RecordsKindCounts {
  /** Answered with a result. */
  ok: number;
  /** Answered with an error. */
  error: number;
}

/** What `/status` shows for the records service. */
export interface RecordsStatus extends Record<string, unknown> {
  /** Live records held (tombstones and expired records left out). */
  records: number;
  /** Tombstones held. */
  tombstones: number;
  /** Owners with at least one record or tombstone held. */
  owners: number;
  /** Bytes held, as counted against the capacity (names, values, 128 bytes per record). */
  bytesUsed: number;
  /** The capacity (`maxStoreBytes`). */
  capacityBytes: number;
  /** `capacityBytes - bytesUsed`. */
  freeBytes: number;
  /** Records newly stored since start, whatever their source (duplicates not counted). */
  stored: number;
  /** Records newly stored since start, by source. */
  storedBySource: Record<RecordSource, number>;
  /** True once the start-up catch-up has ended (the node announces only then). */
  ready: boolean;
  /** The start-up catch-up: state, the peer it caught up from, records pulled. */
  catchUp: CatchUpStatus;
  /** Replication with the other records servers. */
  replication: RecordsReplicationStatus;
  /** Requests decoded and answered since start, by kind and outcome. */
  requests: Record<RecordsRequestKind, RecordsKindCounts>;
  /** Requests answered with an error since start by code name, whatever their kind (oversized frames too). */
  errorsByCode: Record<string, number>;
  /** Refusals since start by the limit that refused (`puts`, `owner-puts`, `reads`, `streams`, `records`, `bytes`, `capacity`, `frame`, `name`, `value`). */
  refusals: Record<string, number>;
}

/** The records service runtime: the node daemon awaits `ready()` and shows `status()`. */
export interface RecordsService extends NodeServiceRuntime, TypedEventTarget<RecordsServiceEvents> {
  /**
   * Resolves once the start-up catch-up has ended (caught up from a records server, none appeared
   * within `catchUpWaitMs`, or it gave up within `catchUpTimeoutMs`).
   */
  ready(options?: AbortOptions): Promise<void>;
  /**
   * Runs one anti-entropy round now with a random replication peer (it also runs every
   * `antiEntropyIntervalMs`).
   *
   * @returns What it pulled, or undefined when no replication peer is known or a round is running.
   */
  antiEntropy(options?: AbortOptions): Promise<ReconcileResult | undefined>;
  /** Records, owners, bytes used and free, request and refusal counts. */
  status(): RecordsStatus;
  /**
   * Deletes expired records and tombstones now (it also runs every `sweepIntervalMs`).
   *
   * @returns How many were deleted.
   */
  sweep(options?: AbortOptions): Promise<number>;
}
