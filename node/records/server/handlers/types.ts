import type { PeerId } from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";

import type { Request, Response } from "../../../../client/records/protocol/records.generated.js";

/** The request kinds of `/waymark/records/1.0.0`: the fields of the `Request` union. */
export type RecordsRequestKind = keyof Request;

/** Who sent a request. */
export interface RecordsOrigin {
  /** The remote peer. */
  peer: PeerId;
  /** Its id as text, the key of its limits. */
  peerKey: string;
  /** The connection's remote address (limits per network address). */
  remoteAddr: Multiaddr;
}

/**
 * Answers one kind of records request: takes the request's body of that kind and returns the
 * response's body of the same kind.
 *
 * @throws RecordsProtocolError subclasses, answered as error frames.
 */
export interface RecordsKindHandler<K extends RecordsRequestKind> {
  handle(request: NonNullable<Request[K]>, origin: RecordsOrigin): Promise<NonNullable<Response[K]>>;
}

/**
 * Runs an answer as a promise: what it throws, synchronously or not, rejects.
 *
 * @param run - Builds the answer.
 * @returns The answer, or the rejection.
 */
export async function answer<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw err instanceof Error ? err : new Error(String(err));
  }
}
