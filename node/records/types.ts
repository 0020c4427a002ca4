import type {
  AbortOptions,
  ComponentLogger,
  PeerId,
  StreamHandler,
  StreamHandlerOptions,
  TypedEventTarget,
} from "@libp2p/interface";

import type { SignedRecord } from "../../client/records/protocol/record.js";
import type { NodeServiceRuntime } from "../services/types.js";
import type { RecordsRequestKind } from "./server/handlers/types.js";

/** The libp2p components the records service uses. */
export interface RecordsServiceComponents {
  logger: ComponentLogger;
  registrar: {
    handle(protocol: string, handler: StreamHandler, options?: StreamHandlerOptions): Promise<void>;
    unhandle(protocol: string, options?: AbortOptions): Promise<void>;
  };
}

/** Events of the records service. */
export interface RecordsServiceEvents {
  /**
   * A record was newly committed (a duplicate is not): what replication forwards. `record` is
   * verified, its owner checksummed.
   */
  "record:stored": CustomEvent<{
    owner: string;
    name: string;
    sequence: number;
    record: SignedRecord;
    from: PeerId;
  }>;
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
  /** Records newly stored since start (duplicates not counted). */
  stored: number;
  /** Requests decoded and answered since start, by kind and outcome. */
  requests: Record<RecordsRequestKind, RecordsKindCounts>;
  /** Requests answered with an error since start by code name, whatever their kind (oversized frames too). */
  errorsByCode: Record<string, number>;
  /** Refusals since start by the limit that refused (`puts`, `owner-puts`, `reads`, `streams`, `records`, `bytes`, `capacity`, `frame`, `name`, `value`). */
  refusals: Record<string, number>;
}

/** The records service runtime: the node daemon awaits `ready()` and shows `status()`. */
export interface RecordsService extends NodeServiceRuntime, TypedEventTarget<RecordsServiceEvents> {
  /** Resolves once the service is started (it has no catch-up yet). */
  ready(options?: AbortOptions): Promise<void>;
  /** Records, owners, bytes used and free, request and refusal counts. */
  status(): RecordsStatus;
  /**
   * Deletes expired records and tombstones now (it also runs every `sweepIntervalMs`).
   *
   * @returns How many were deleted.
   */
  sweep(options?: AbortOptions): Promise<number>;
}
