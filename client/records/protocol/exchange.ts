import type { AbortOptions } from "@libp2p/interface";

import type { PeerTarget, StreamSource } from "../../kernel/protocol/roundTrip.js";
import { requestResponse } from "../../kernel/protocol/roundTrip.js";
import { RECORDS_DEFAULTS, RECORDS_PROTOCOLS, RECORDS_SESSION_PROTOCOLS } from "./constants.js";
import { RECORDS_ROUND_TRIP_ERRORS, RecordsBadResponseError, recordsErrorFromFrame } from "./errors.js";
import { Request, Response } from "./records.generated.js";

/** Options of every request of the low-level records client. */
export interface RecordsRequestOptions extends AbortOptions {
  /**
   * Milliseconds the whole request may take (dial, send, answer); applies beside `signal`.
   * @default RECORDS_DEFAULTS.requestTimeoutMs (10000)
   */
  timeoutMs?: number | undefined;
  /**
   * Largest response frame accepted, in bytes.
   * @default RECORDS_DEFAULTS.maxResponseFrameBytes (1 MiB)
   */
  maxResponseFrameBytes?: number | undefined;
}

/** A response body of one kind. */
type Answer<K extends "put" | "get" | "list"> = NonNullable<Response[K]>;

/**
 * Sends one records request and returns the answer of the same kind, on a `/waymark/records/1.1.0`
 * stream kept open between requests to the same node (a stream of its own on `/1.0.0`).
 *
 * @param source - A host, or an open connection to the node.
 * @param peer - The node.
 * @param kind - The request kind, which the answer must match.
 * @param request - The request.
 * @param options - Signal, timeout and response size limit.
 * @returns The answer's body.
 * @throws The node's error as its typed {@link RecordsProtocolError} subclass, or
 * RecordsBadResponseError when the answer is undecodable or of another kind.
 */
export async function exchange<K extends "put" | "get" | "list">(
  source: StreamSource,
  peer: PeerTarget,
  kind: K,
  request: Request,
  options: RecordsRequestOptions = {},
): Promise<Answer<K>> {
  const { frame } = await requestResponse(
    source,
    peer,
    {
      protocols: RECORDS_PROTOCOLS,
      sessionProtocols: RECORDS_SESSION_PROTOCOLS,
      request: Request.encode(request),
      timeoutMs: options.timeoutMs ?? RECORDS_DEFAULTS.requestTimeoutMs,
      maxResponseFrameBytes: options.maxResponseFrameBytes ?? RECORDS_DEFAULTS.maxResponseFrameBytes,
      errors: RECORDS_ROUND_TRIP_ERRORS,
      what: "records",
    },
    options,
  );
  let response: Response;
  try {
    response = Response.decode(frame);
  } catch (err) {
    throw new RecordsBadResponseError("The node answered an undecodable frame", { cause: err });
  }
  if (response.error !== undefined) throw recordsErrorFromFrame(response.error);
  const answer = response[kind];
  if (answer === undefined)
    throw new RecordsBadResponseError(`The node answered a ${kind} with another kind`);
  return answer;
}
