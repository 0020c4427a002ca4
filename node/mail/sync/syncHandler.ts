import type { AbortOptions, PeerId } from "@libp2p/interface";
import type { Uint8ArrayList } from "uint8arraylist";

import {
  MailMalformedError,
  MailTooLargeError,
  MailUnsupportedVersionError,
} from "../../../client/mail/protocol/errors.js";
import { decodeSyncFrame } from "../../replication/decodeSyncFrame.js";
import { ReplicationServer } from "../../replication/server.js";
import { SyncDispatcher } from "../../replication/syncDispatcher.js";
import type { SyncLimits } from "../../replication/syncLimits.js";
import type { MailLimits } from "../options.js";
import { mailReplicationAdapter } from "../replication/adapter.js";
import type { MailStore, StoredEnvelope } from "../store/types.js";
import { DigestHandler } from "./handlers/digest.js";
import { FetchHandler } from "./handlers/fetch.js";
import { ListIdsHandler } from "./handlers/listIds.js";
import { ReplicateHandler } from "./handlers/replicate.js";
import type { SyncOrigin } from "./handlers/types.js";
import { SyncRequest, SyncResponse } from "./sync.generated.js";
import { MAX_SYNC_ENVELOPES, MAX_SYNC_IDS } from "./syncBounds.js";

export type { SyncOrigin, SyncRequestKind } from "./handlers/types.js";

/** What the node-to-node handler needs. */
export interface SyncHandlerInit {
  limits: MailLimits;
  store: MailStore;
  /** The per-peer quotas of the node-to-node protocol. */
  quotas: SyncLimits;
  clock: () => number;
  /** Called with the envelopes a replication request newly stored. */
  onReplicated(envelopes: StoredEnvelope[], from: PeerId): void;
  /** Called when the store cannot write replicated envelopes. */
  onStoreError?(error: Error): void;
}

/**
 * Answers one request of `/waymark/mail/sync/1.0.0` from a peer that the service has already
 * admitted under its replication policy: decodes the frame, charges the peer's request quota (its
 * digest quota for a digest), and hands the body to the handler of its kind (sync/handlers/):
 * replication, digests, id listings and fetches, served by the replication core
 * (`ReplicationServer` over mail's adapter), each charged to the peer's quotas for what it moves,
 * and every replicated envelope checked as a push would be.
 */
export class SyncHandler {
  private readonly dispatcher: SyncDispatcher<SyncRequest, SyncResponse>;

  constructor(init: SyncHandlerInit) {
    const server = new ReplicationServer({
      adapter: mailReplicationAdapter(init),
      quotas: init.quotas,
      limits: init.limits,
      maxListedIds: MAX_SYNC_IDS,
      clock: init.clock,
      onReplicated: (envelopes, from) => {
        init.onReplicated(envelopes, from);
      },
      onStoreError: (error) => init.onStoreError?.(error),
    });
    this.dispatcher = new SyncDispatcher({
      handlers: {
        replicate: new ReplicateHandler(server),
        digest: new DigestHandler(server),
        listIds: new ListIdsHandler(server),
        fetch: new FetchHandler(server),
      },
      quotas: init.quotas,
      decode: decodeSyncRequest,
      encode: (response) => SyncResponse.encode(response),
      unsupported: () =>
        new MailUnsupportedVersionError("The request kind is not served by this sync protocol version"),
    });
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
    return this.dispatcher.handle(frame, from, options);
  }
}

/**
 * Decodes a request frame of `/waymark/mail/sync/1.0.0` within its item bounds.
 *
 * @param frame - The request frame.
 * @returns The request.
 * @throws MailTooLargeError beyond the bounds; MailMalformedError when it does not decode.
 */
function decodeSyncRequest(frame: Uint8ArrayList): SyncRequest {
  return decodeSyncFrame(frame, {
    codec: SyncRequest,
    limits: { replicate: { envelopes: MAX_SYNC_ENVELOPES }, fetch: { ids: MAX_SYNC_IDS } },
    tooMany: (cause) =>
      new MailTooLargeError(
        `A request may carry at most ${MAX_SYNC_ENVELOPES} envelopes or ${MAX_SYNC_IDS} ids`,
        { cause, limit: "items" },
      ),
    malformed: (cause) => new MailMalformedError("The request frame is not a valid sync request", { cause }),
  });
}
