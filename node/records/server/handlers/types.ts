import type { PeerId } from "@libp2p/interface";

import type { Request, Response } from "../../../../client/records/protocol/records.generated.js";

/** The request kinds of `/waymark/records/1.0.0`: the fields of the `Request` union. */
export type RecordsRequestKind = keyof Request;

/** Who sent a request. */
export interface RecordsOrigin {
  /** The remote peer. */
  peer: PeerId;
  /** Its id as text, the key of its limits. */
  peerKey: string;
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
 * Runs a synchronous answer (the store is embedded) as a promise: what it throws rejects.
 *
 * @param run - Builds the answer.
 * @returns The answer, or the rejection.
 */
export function answer<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
