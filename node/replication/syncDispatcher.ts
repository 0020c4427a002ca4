import type { AbortOptions } from "@libp2p/interface";
import type { Uint8ArrayList } from "uint8arraylist";

import type { SyncOrigin } from "./adapter.js";
import type { SyncQuotas } from "./quotas.js";

/** The request kinds every node-to-node sync protocol serves: the fields of its request union. */
export type SyncKind = "replicate" | "digest" | "listIds" | "fetch";

/** A sync protocol's request or response union: at most one body per kind. */
export type SyncUnion = Partial<Record<SyncKind, unknown>>;

/**
 * Answers one kind of node-to-node request: takes the request's body of that kind and returns the
 * response's body of the same kind, charging the peer's quotas for what it moves.
 *
 * @typeParam Request - The protocol's request union.
 * @typeParam Response - The protocol's response union.
 * @typeParam K - The kind answered.
 */
export interface SyncKindHandler<Request extends SyncUnion, Response extends SyncUnion, K extends SyncKind> {
  handle(request: NonNullable<Request[K]>, from: SyncOrigin): Promise<NonNullable<Response[K]>>;
}

/** What {@link SyncDispatcher} needs from a kind of server. */
export interface SyncDispatcherInit<Request extends SyncUnion, Response extends SyncUnion> {
  /** One handler per request kind. */
  handlers: { readonly [K in SyncKind]: SyncKindHandler<Request, Response, K> };
  /** The per-peer request quotas of the protocol. */
  quotas: Pick<SyncQuotas, "chargeRequest">;
  /**
   * Decodes a request frame within the protocol's item bounds.
   *
   * @throws the protocol's typed errors (too large, malformed), answered as error frames.
   */
  decode(frame: Uint8ArrayList): Request;
  /** Encodes a response holding one body. */
  encode(response: Response): Uint8Array;
  /** The protocol's typed error for a request of a kind this version does not serve. */
  unsupported(): Error;
}

/**
 * Answers one request of a node-to-node sync protocol from a peer the service has already admitted
 * under its replication policy: decodes the frame, charges the peer's request quota (its digest
 * quota for a digest), and hands the body to the handler of its kind. Each kind of server gives
 * its wire codec, its typed errors and its handlers; the dispatch is shared.
 *
 * @typeParam Request - The protocol's request union.
 * @typeParam Response - The protocol's response union.
 */
export class SyncDispatcher<Request extends SyncUnion, Response extends SyncUnion> {
  private readonly kinds: readonly SyncKind[];

  constructor(private readonly init: SyncDispatcherInit<Request, Response>) {
    this.kinds = Object.keys(init.handlers) as SyncKind[];
  }

  /**
   * Decodes a request frame and answers it.
   *
   * @param frame - The request frame.
   * @param from - The admitted peer and its origin key.
   * @param options - Signal.
   * @returns The encoded response.
   * @throws the protocol's typed errors, answered as error frames.
   */
  async handle(frame: Uint8ArrayList, from: SyncOrigin, options: AbortOptions = {}): Promise<Uint8Array> {
    options.signal?.throwIfAborted();
    const request = this.init.decode(frame);
    this.init.quotas.chargeRequest(from.peer.toString(), request.digest === undefined ? "other" : "digest");
    const kind = this.kinds.find((candidate) => request[candidate] !== undefined);
    if (kind === undefined) throw this.init.unsupported();
    // Each kind's body goes to the handler of that kind; the maps are keyed alike.
    const handler = this.init.handlers[kind] as SyncKindHandler<Request, Response, SyncKind>;
    const answer = await handler.handle(request[kind] as NonNullable<Request[SyncKind]>, from);
    return this.init.encode({ [kind]: answer } as Response);
  }
}
