import { ENVELOPE_ID_BYTES } from "../../../client/mail/protocol/constants.js";
import { MailBadResponseError, errorFromFrame } from "../../../client/mail/protocol/errors.js";
import type { Envelope } from "../../../client/mail/protocol/mail.generated.js";
import type {
  MailPeer,
  MailRequestOptions,
  MailStreamSource,
} from "../../../client/mail/protocol/roundTrip.js";
import { roundTrip } from "../../../client/mail/protocol/roundTrip.js";
import { decodeSyncFrame } from "../../replication/decodeSyncFrame.js";
import { MAIL_SYNC_PROTOCOLS } from "./constants.js";
import type {
  DigestRequest,
  DigestResponse,
  ListIdsRequest,
  ListIdsResponse,
  ReplicateResponse,
} from "./sync.generated.js";
import { SyncRequest, SyncResponse } from "./sync.generated.js";

type Body = keyof Omit<SyncResponse, "error">;

/** Bytes an answer may have beside its items: field tags, a cursor, an error frame's text. */
const ANSWER_OVERHEAD = 1_024;

/**
 * The options with the response frame bounded to what an answer of this size can need, so that a
 * server answering more is cut off before its frame is read.
 */
function bounded(options: MailRequestOptions, itemBytes: number): MailRequestOptions {
  const limit = itemBytes + ANSWER_OVERHEAD;
  return { ...options, maxResponseFrameBytes: Math.min(options.maxResponseFrameBytes ?? limit, limit) };
}

/** How many items of each kind an answer may carry: what was asked for, never more. */
type AnswerLimits = NonNullable<Parameters<typeof SyncResponse.decode>[1]>["limits"];

/**
 * Sends one node-to-node request and returns the expected part of the answer.
 *
 * @param source - A host or a connection.
 * @param peer - The other mail server.
 * @param request - The request.
 * @param options - Signal, timeout and frame limit.
 * @param kind - The response part expected.
 * @param limits - Most items the answer may carry; decoding stops beyond them.
 * @returns The response part.
 * @throws The typed error the node answered (MailUnauthorizedError when this node is not
 * registered in its eyes), MailBadResponseError when the answer is undecodable or carries more
 * than asked for, or the errors of {@link roundTrip}.
 */
async function syncRequest<K extends Body>(
  source: MailStreamSource,
  peer: MailPeer,
  request: SyncRequest,
  options: MailRequestOptions,
  kind: K,
  limits?: AnswerLimits,
): Promise<NonNullable<SyncResponse[K]>> {
  const { frame } = await roundTrip(
    source,
    peer,
    { protocols: MAIL_SYNC_PROTOCOLS, request: SyncRequest.encode(request) },
    options,
  );
  const response = decodeSyncFrame(frame, {
    codec: SyncResponse,
    limits,
    tooMany: (cause) =>
      new MailBadResponseError("The mail server answered more items than asked for", { cause }),
    malformed: (cause) =>
      new MailBadResponseError("The mail server answered an undecodable frame", { cause }),
  });
  if (response.error !== undefined) throw errorFromFrame(response.error);
  const body = response[kind];
  if (body === undefined) throw new MailBadResponseError(`The mail server did not answer ${kind}`);
  return body;
}

/**
 * Forwards envelopes to another mail server.
 *
 * @param source - A host or a connection.
 * @param peer - The other mail server.
 * @param envelopes - Envelopes to store there.
 * @param options - Signal, timeout and frame limit.
 * @returns How many were stored, already there, or refused.
 */
export async function replicateEnvelopes(
  source: MailStreamSource,
  peer: MailPeer,
  envelopes: readonly Envelope[],
  options: MailRequestOptions = {},
): Promise<ReplicateResponse> {
  return syncRequest(
    source,
    peer,
    { replicate: { envelopes: [...envelopes] } },
    bounded(options, 64),
    "replicate",
  );
}

/**
 * Asks another mail server for the digest of a time range.
 *
 * @param source - A host or a connection.
 * @param peer - The other mail server.
 * @param request - Range and number of slices.
 * @param options - Signal, timeout and frame limit.
 * @returns Count and checksum per slice, and the server's eviction floor.
 */
export async function requestDigest(
  source: MailStreamSource,
  peer: MailPeer,
  request: DigestRequest,
  options: MailRequestOptions = {},
): Promise<DigestResponse> {
  return syncRequest(source, peer, { digest: request }, bounded(options, request.buckets * 24), "digest", {
    digest: { buckets: request.buckets },
  });
}

/**
 * Lists the envelope ids another mail server holds in a time range, one page.
 *
 * @param source - A host or a connection.
 * @param peer - The other mail server.
 * @param request - Range, cursor and page size.
 * @param options - Signal, timeout and frame limit.
 * @returns Ids and the cursor of the next page (empty when none).
 */
export async function listRemoteIds(
  source: MailStreamSource,
  peer: MailPeer,
  request: ListIdsRequest,
  options: MailRequestOptions = {},
): Promise<ListIdsResponse> {
  return syncRequest(
    source,
    peer,
    { listIds: request },
    bounded(options, request.limit * (ENVELOPE_ID_BYTES + 3)),
    "listIds",
    { listIds: { ids: request.limit } },
  );
}

/**
 * Fetches envelopes by id from another mail server; it answers those it holds, possibly fewer
 * than asked when they exceed its response budget.
 *
 * @param source - A host or a connection.
 * @param peer - The other mail server.
 * @param ids - Envelope ids.
 * @param options - Signal, timeout and frame limit.
 * @returns The envelopes found.
 */
export async function fetchEnvelopes(
  source: MailStreamSource,
  peer: MailPeer,
  ids: readonly Uint8Array[],
  options: MailRequestOptions = {},
): Promise<Envelope[]> {
  const fetched = await syncRequest(
    source,
    peer,
    { fetch: { ids: ids.map((id) => id as Uint8Array<ArrayBuffer>) } },
    options,
    "fetch",
    { fetch: { envelopes: ids.length } },
  );
  return fetched.envelopes;
}
