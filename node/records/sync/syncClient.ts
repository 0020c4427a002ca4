import type { AbortOptions } from "@libp2p/interface";

import type { PeerTarget, StreamSource } from "../../../client/kernel/protocol/roundTrip.js";
import { requestResponse } from "../../../client/kernel/protocol/roundTrip.js";
import {
  RECORDS_ROUND_TRIP_ERRORS,
  RecordsBadResponseError,
  recordsErrorFromFrame,
} from "../../../client/records/protocol/errors.js";
import type { SignedRecord } from "../../../client/records/protocol/records.generated.js";
import { decodeSyncFrame } from "../../replication/decodeSyncFrame.js";
import { LISTED_ID_BYTES } from "../store/replicaKey.js";
import { RECORDS_SYNC_PROTOCOLS } from "./constants.js";
import type {
  DigestRequest,
  DigestResponse,
  ListIdsRequest,
  ListIdsResponse,
  ReplicateResponse,
} from "./sync.generated.js";
import { SyncRequest, SyncResponse } from "./sync.generated.js";

/** Time and size limits of one node-to-node request. */
export interface RecordsSyncOptions extends AbortOptions {
  /** Milliseconds the whole request may take (dial, send, answer). @default 30000 */
  timeoutMs?: number | undefined;
  /** Largest answer frame accepted, in bytes. @default 16 MiB */
  maxResponseFrameBytes?: number | undefined;
}

type Body = keyof Omit<SyncResponse, "error">;

/** How many items of each kind an answer may carry: what was asked for, never more. */
type AnswerLimits = NonNullable<Parameters<typeof SyncResponse.decode>[1]>["limits"];

/** Bytes an answer may have beside its items: field tags, a cursor, an error frame's text. */
const ANSWER_OVERHEAD = 1_024;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_FRAME = 16_777_216;

/**
 * Sends one node-to-node request and returns the expected part of the answer, its frame bounded
 * to `itemBytes` (plus overhead) when given, and its item counts to `limits`.
 *
 * @throws The typed error the node answered (RecordsUnauthorizedError when this node is not a
 * replication peer in its eyes), RecordsBadResponseError when the answer is undecodable or carries
 * more than asked for, or the records round-trip errors (unreachable, timeout, …).
 */
async function syncRequest<K extends Body>(
  source: StreamSource,
  peer: PeerTarget,
  request: SyncRequest,
  options: RecordsSyncOptions,
  kind: K,
  bounds: { itemBytes?: number; limits?: AnswerLimits } = {},
): Promise<NonNullable<SyncResponse[K]>> {
  const maxFrame = options.maxResponseFrameBytes ?? DEFAULT_MAX_FRAME;
  const { frame } = await requestResponse(
    source,
    peer,
    {
      protocols: RECORDS_SYNC_PROTOCOLS,
      request: SyncRequest.encode(request),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxResponseFrameBytes:
        bounds.itemBytes === undefined ? maxFrame : Math.min(maxFrame, bounds.itemBytes + ANSWER_OVERHEAD),
      errors: RECORDS_ROUND_TRIP_ERRORS,
      what: "records sync",
    },
    options,
  );
  const response = decodeSyncFrame(frame, {
    codec: SyncResponse,
    limits: bounds.limits,
    tooMany: (cause) =>
      new RecordsBadResponseError("The records server answered more items than asked for", { cause }),
    malformed: (cause) =>
      new RecordsBadResponseError("The records server answered an undecodable frame", { cause }),
  });
  if (response.error !== undefined) throw recordsErrorFromFrame(response.error);
  const body = response[kind];
  if (body === undefined) throw new RecordsBadResponseError(`The records server did not answer ${kind}`);
  return body;
}

/**
 * Forwards records to another records server, which verifies and stores them.
 *
 * @param source - A host or a connection.
 * @param peer - The other records server.
 * @param records - Records as they travel.
 * @param options - Signal, timeout and frame limit.
 * @returns How many were stored, already there, or refused.
 */
export async function replicateRecords(
  source: StreamSource,
  peer: PeerTarget,
  records: readonly SignedRecord[],
  options: RecordsSyncOptions = {},
): Promise<ReplicateResponse> {
  return syncRequest(source, peer, { replicate: { records: [...records] } }, options, "replicate", {
    itemBytes: 64,
  });
}

/**
 * Asks another records server for the digest of a range of positions.
 *
 * @param source - A host or a connection.
 * @param peer - The other records server.
 * @param request - Range and number of slices.
 * @param options - Signal, timeout and frame limit.
 * @returns Count and checksum per slice, and the floor (always 0).
 */
export async function requestRecordsDigest(
  source: StreamSource,
  peer: PeerTarget,
  request: DigestRequest,
  options: RecordsSyncOptions = {},
): Promise<DigestResponse> {
  return syncRequest(source, peer, { digest: request }, options, "digest", {
    itemBytes: request.buckets * 24,
    limits: { digest: { buckets: request.buckets } },
  });
}

/**
 * Lists the ids of the records another records server holds in a range of positions, one page.
 *
 * @param source - A host or a connection.
 * @param peer - The other records server.
 * @param request - Range, cursor and page size.
 * @param options - Signal, timeout and frame limit.
 * @returns Listed ids and the cursor of the next page (empty when none).
 */
export async function listRemoteRecordIds(
  source: StreamSource,
  peer: PeerTarget,
  request: ListIdsRequest,
  options: RecordsSyncOptions = {},
): Promise<ListIdsResponse> {
  return syncRequest(source, peer, { listIds: request }, options, "listIds", {
    itemBytes: (request.limit + 1) * (LISTED_ID_BYTES + 3),
    limits: { listIds: { ids: request.limit } },
  });
}

/**
 * Fetches records by listed id from another records server: it answers the version it holds now
 * of each, possibly fewer than asked when they exceed its response budget.
 *
 * @param source - A host or a connection.
 * @param peer - The other records server.
 * @param ids - Listed ids.
 * @param options - Signal, timeout and frame limit.
 * @returns The records found, as they travel (not yet verified).
 */
export async function fetchRecords(
  source: StreamSource,
  peer: PeerTarget,
  ids: readonly Uint8Array[],
  options: RecordsSyncOptions = {},
): Promise<SignedRecord[]> {
  const fetched = await syncRequest(
    source,
    peer,
    { fetch: { ids: ids.map((id) => id as Uint8Array<ArrayBuffer>) } },
    options,
    "fetch",
    { limits: { fetch: { records: ids.length } } },
  );
  return fetched.records;
}
