import type { AbortOptions } from "@libp2p/interface";
import type { Uint8ArrayList } from "uint8arraylist";

import {
  RecordTooLargeError,
  RecordsMalformedError,
  RecordsUnsupportedVersionError,
} from "../../../client/records/protocol/errors.js";
import { decodeSyncFrame } from "../../replication/decodeSyncFrame.js";
import type { SyncQuotas } from "../../replication/quotas.js";
import { SyncDispatcher } from "../../replication/syncDispatcher.js";
import { DigestHandler } from "./handlers/digest.js";
import { FetchHandler } from "./handlers/fetch.js";
import { ListIdsHandler } from "./handlers/listIds.js";
import { ReplicateHandler } from "./handlers/replicate.js";
import type { RecordsReplicationServer, SyncOrigin } from "./handlers/types.js";
import { MAX_SYNC_IDS, MAX_SYNC_RECORDS } from "./constants.js";
import { SyncRequest, SyncResponse } from "./sync.generated.js";

export type { SyncOrigin, SyncRequestKind } from "./handlers/types.js";

/** What the node-to-node handler needs. */
export interface RecordsSyncHandlerInit {
  /** The replication core's serving side over the records adapter. */
  server: RecordsReplicationServer;
  /** The per-peer quotas of the node-to-node protocol. */
  quotas: Pick<SyncQuotas, "chargeRequest">;
}

/**
 * Answers one request of `/waymark/records/sync/1.0.0` from a peer the service has already
 * admitted under its replication policy: decodes the frame (at most {@link MAX_SYNC_RECORDS}
 * records or {@link MAX_SYNC_IDS} ids), charges the peer's request quota (its digest quota for a
 * digest), and hands the body to the handler of its kind (sync/handlers/), which the replication
 * core serves.
 */
export class RecordsSyncHandler {
  private readonly dispatcher: SyncDispatcher<SyncRequest, SyncResponse>;

  constructor(init: RecordsSyncHandlerInit) {
    const { server } = init;
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
        new RecordsUnsupportedVersionError("The request kind is not served by this sync protocol version"),
    });
  }

  /**
   * Decodes a request frame and answers it.
   *
   * @param frame - The request frame.
   * @param from - The admitted peer and its origin key.
   * @param options - Signal.
   * @returns The encoded response.
   * @throws RecordsProtocolError subclasses, answered as error frames.
   */
  async handle(frame: Uint8ArrayList, from: SyncOrigin, options: AbortOptions = {}): Promise<Uint8Array> {
    return this.dispatcher.handle(frame, from, options);
  }
}

/**
 * Decodes a request frame of `/waymark/records/sync/1.0.0` within its item bounds.
 *
 * @param frame - The request frame.
 * @returns The request.
 * @throws RecordTooLargeError beyond the bounds; RecordsMalformedError when it does not decode.
 */
function decodeSyncRequest(frame: Uint8ArrayList): SyncRequest {
  return decodeSyncFrame(frame, {
    codec: SyncRequest,
    limits: { replicate: { records: MAX_SYNC_RECORDS }, fetch: { ids: MAX_SYNC_IDS } },
    tooMany: (cause) =>
      new RecordTooLargeError(
        `A request may carry at most ${MAX_SYNC_RECORDS} records or ${MAX_SYNC_IDS} ids`,
        { cause, limit: "items" },
      ),
    malformed: (cause) =>
      new RecordsMalformedError("The request frame is not a valid sync request", { cause }),
  });
}
