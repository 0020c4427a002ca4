import { MAIL_SYNC_PROTOCOLS } from "../../../client/mail/protocol/constants.js";
import { MailBadResponseError, errorFromFrame } from "../../../client/mail/protocol/errors.js";
import type {
  DigestRequest,
  DigestResponse,
  Envelope,
  ListIdsRequest,
  ListIdsResponse,
  ReplicateResponse,
} from "../../../client/mail/protocol/mail.generated.js";
import { SyncRequest, SyncResponse } from "../../../client/mail/protocol/mail.generated.js";
import type {
  MailPeer,
  MailRequestOptions,
  MailStreamSource,
} from "../../../client/mail/protocol/roundTrip.js";
import { roundTrip } from "../../../client/mail/protocol/roundTrip.js";

type Body = keyof Omit<SyncResponse, "error">;

/**
 * Sends one node-to-node request and returns the expected part of the answer.
 *
 * @param source - A host or a connection.
 * @param peer - The other mail server.
 * @param request - The request.
 * @param kind - The response part expected.
 * @param options - Signal, timeout and frame limit.
 * @returns The response part.
 * @throws The typed error the node answered (MailUnauthorizedError when this node is not
 * registered in its eyes), or the errors of {@link roundTrip}.
 */
async function syncRequest<K extends Body>(
  source: MailStreamSource,
  peer: MailPeer,
  request: SyncRequest,
  kind: K,
  options: MailRequestOptions,
): Promise<NonNullable<SyncResponse[K]>> {
  const { frame } = await roundTrip(
    source,
    peer,
    { protocols: MAIL_SYNC_PROTOCOLS, request: SyncRequest.encode(request) },
    options,
  );
  let response: SyncResponse;
  try {
    response = SyncResponse.decode(frame);
  } catch (err) {
    throw new MailBadResponseError("The mail server answered an undecodable frame", { cause: err });
  }
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
  return syncRequest(source, peer, { replicate: { envelopes: [...envelopes] } }, "replicate", options);
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
  return syncRequest(source, peer, { digest: request }, "digest", options);
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
  return syncRequest(source, peer, { listIds: request }, "listIds", options);
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
    "fetch",
    options,
  );
  return fetched.envelopes;
}
