import type { AbortOptions } from "@libp2p/interface";
import type { Uint8ArrayList } from "uint8arraylist";

import {
  MailMalformedError,
  MailTooLargeError,
  MailUnsupportedVersionError,
} from "../../../client/mail/protocol/errors.js";
import type { DigestHandlerInit } from "./handlers/digest.js";
import { DigestHandler } from "./handlers/digest.js";
import type { FetchHandlerInit } from "./handlers/fetch.js";
import { FetchHandler } from "./handlers/fetch.js";
import type { ListIdsHandlerInit } from "./handlers/listIds.js";
import { ListIdsHandler } from "./handlers/listIds.js";
import type { ReplicateHandlerInit } from "./handlers/replicate.js";
import { ReplicateHandler } from "./handlers/replicate.js";
import type { SyncKindHandler, SyncOrigin, SyncRequestKind } from "./handlers/types.js";
import { SyncRequest, SyncResponse } from "./sync.generated.js";
import { MAX_SYNC_ENVELOPES, MAX_SYNC_IDS } from "./syncBounds.js";

export type { SyncOrigin, SyncRequestKind } from "./handlers/types.js";

/** What the node-to-node handler needs: what each kind's handler needs. */
export type SyncHandlerInit = ReplicateHandlerInit &
  DigestHandlerInit &
  ListIdsHandlerInit &
  FetchHandlerInit;

/**
 * Answers one request of `/waymark/mail/sync/1.0.0` from a peer that the service has already
 * admitted under its replication policy: decodes the frame, charges the peer's request quota (its
 * digest quota for a digest), and hands the body to the handler of its kind (sync/handlers/):
 * replication, digests, id listings and fetches, each charged to the peer's quotas for what it
 * moves, and every replicated envelope checked as a push would be.
 */
export class SyncHandler {
  private readonly handlers: { readonly [K in SyncRequestKind]: SyncKindHandler<K> };

  constructor(private readonly init: SyncHandlerInit) {
    this.handlers = {
      replicate: new ReplicateHandler(init),
      digest: new DigestHandler(init),
      listIds: new ListIdsHandler(init),
      fetch: new FetchHandler(init),
    };
  }

  /**
   * Decodes a request frame and answers it.
   *
   * @param frame - The request frame.
   * @param from - The admitted peer and its origin key.
   * @param options - Signal.
   * @returns The encoded response.
   * @throws MailProtocolError subclasses, answered as error frames.
   */
  async handle(frame: Uint8ArrayList, from: SyncOrigin, options: AbortOptions = {}): Promise<Uint8Array> {
    options.signal?.throwIfAborted();
    const request = this.decode(frame);
    this.init.quotas.chargeRequest(from.peer.toString(), request.digest === undefined ? "other" : "digest");
    if (request.replicate !== undefined) return this.dispatch("replicate", request.replicate, from);
    if (request.digest !== undefined) return this.dispatch("digest", request.digest, from);
    if (request.listIds !== undefined) return this.dispatch("listIds", request.listIds, from);
    if (request.fetch !== undefined) return this.dispatch("fetch", request.fetch, from);
    throw new MailUnsupportedVersionError("The request kind is not served by this sync protocol version");
  }

  private async dispatch<K extends SyncRequestKind>(
    kind: K,
    body: NonNullable<SyncRequest[K]>,
    from: SyncOrigin,
  ): Promise<Uint8Array> {
    const handler: SyncKindHandler<K> = this.handlers[kind];
    const answer = await handler.handle(body, from);
    return SyncResponse.encode({ [kind]: answer });
  }

  private decode(frame: Uint8ArrayList): SyncRequest {
    try {
      return SyncRequest.decode(frame, {
        limits: { replicate: { envelopes: MAX_SYNC_ENVELOPES }, fetch: { ids: MAX_SYNC_IDS } },
      });
    } catch (err) {
      if (err instanceof Error && err.name === "MaxLengthError") {
        throw new MailTooLargeError(
          `A request may carry at most ${MAX_SYNC_ENVELOPES} envelopes or ${MAX_SYNC_IDS} ids`,
          { cause: err, limit: "items" },
        );
      }
      throw new MailMalformedError("The request frame is not a valid sync request", { cause: err });
    }
  }
}
