import type { AbortOptions, PeerId } from "@libp2p/interface";
import type { Uint8ArrayList } from "uint8arraylist";

import { MailProtocolError, MailTooLargeError } from "../../../client/mail/protocol/errors.js";
import {
  MailInvalidQueryError,
  MailMalformedError,
  MailUnsupportedVersionError,
} from "../../../client/mail/protocol/errors.js";
import { toWire } from "../../../client/mail/protocol/envelope.js";
import type {
  DigestRequest,
  DigestResponse,
  FetchRequest,
  FetchResponse,
  ListIdsRequest,
  ListIdsResponse,
  ReplicateRequest,
  ReplicateResponse,
} from "./sync.generated.js";
import { SyncRequest, SyncResponse } from "./sync.generated.js";
import { acceptReplicated } from "../accept.js";
import type { SyncLimits } from "../limits/syncLimits.js";
import type { MailLimits } from "../options.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import type { MailStore, PutOutcome, StoredEnvelope } from "../store/types.js";
import { storeWriteError } from "../store/writeFailure.js";
import { MAX_SYNC_ENVELOPES, MAX_SYNC_IDS } from "./syncBounds.js";

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

/** Who sent a request, as admission found it. */
export interface SyncOrigin {
  peer: PeerId;
  /** Key of the peer's provider for store shares (see `StoredEnvelope.origin`). */
  origin: string | undefined;
}

/**
 * Answers one request of `/waymark/mail/sync/1.0.0` from a peer that the service has already
 * admitted under its replication policy: replication, digests, id listings and fetches, each
 * charged to the peer's quotas, and every replicated envelope checked as a push would be.
 */
export class SyncHandler {
  constructor(private readonly init: SyncHandlerInit) {}

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
    const peer = from.peer.toString();
    const { quotas } = this.init;
    quotas.chargeRequest(peer, request.digest === undefined ? "other" : "digest");
    if (request.replicate !== undefined) {
      quotas.chargeIncoming(peer, payloadBytes(request.replicate));
      return SyncResponse.encode({ replicate: await this.replicate(request.replicate, from) });
    }
    if (request.digest !== undefined)
      return SyncResponse.encode({ digest: await this.digest(request.digest) });
    if (request.listIds !== undefined) {
      const listIds = await this.listIds(request.listIds);
      quotas.chargeOutgoing(peer, listIds.ids.length * 34);
      return SyncResponse.encode({ listIds });
    }
    if (request.fetch !== undefined) {
      const fetch = await this.fetch(request.fetch);
      quotas.chargeOutgoing(peer, payloadBytes(fetch));
      return SyncResponse.encode({ fetch });
    }
    throw new MailUnsupportedVersionError("The request kind is not served by this sync protocol version");
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

  private async replicate(request: ReplicateRequest, from: SyncOrigin): Promise<ReplicateResponse> {
    const accepted: StoredEnvelope[] = [];
    const now = this.init.clock();
    let rejected = 0;
    for (const envelope of request.envelopes) {
      try {
        accepted.push(acceptReplicated(envelope, this.init.limits, now, from.origin));
      } catch (err) {
        if (!(err instanceof MailProtocolError)) throw err;
        rejected += 1;
      }
    }
    let outcomes: PutOutcome[];
    try {
      outcomes = await this.init.store.put(accepted);
    } catch (err) {
      const error = storeWriteError(err);
      this.init.onStoreError?.(error);
      throw error;
    }
    const stored = accepted.filter((_, index) => outcomes[index] === "stored");
    if (stored.length > 0) this.init.onReplicated(stored, from.peer);
    const duplicates = outcomes.filter((outcome) => outcome === "duplicate").length;
    rejected += outcomes.length - stored.length - duplicates;
    return { stored: stored.length, duplicates, rejected };
  }

  private async digest(request: DigestRequest): Promise<DigestResponse> {
    const { from, to, buckets } = request;
    checkRange(from, to);
    if (buckets < 1 || buckets > this.init.limits.digestBuckets * 16) {
      throw new MailInvalidQueryError("The number of digest buckets is out of range");
    }
    const digest = await this.init.store.digest(from, to, buckets, this.init.clock());
    return { buckets: digest, floor: this.init.store.stats().floor };
  }

  private async listIds(request: ListIdsRequest): Promise<ListIdsResponse> {
    checkRange(request.from, request.to);
    const limit = Math.min(Math.max(request.limit, 1), MAX_SYNC_IDS);
    const page = await this.init.store.listIds(
      request.from,
      request.to,
      decodeCursor(request.cursor),
      limit,
      this.init.clock(),
    );
    return {
      ids: page.ids as ListIdsResponse["ids"],
      cursor: (page.next === undefined
        ? new Uint8Array(0)
        : encodeCursor(page.next)) as ListIdsResponse["cursor"],
    };
  }

  private async fetch(request: FetchRequest): Promise<FetchResponse> {
    const found = await this.init.store.get(
      request.ids,
      this.init.limits.maxResponseBytes,
      this.init.clock(),
    );
    return {
      envelopes: found.map(toWire),
    };
  }
}

function payloadBytes(message: { envelopes: readonly { payload: Uint8Array; topic: string }[] }): number {
  return message.envelopes.reduce(
    (sum, envelope) => sum + envelope.payload.byteLength + envelope.topic.length,
    0,
  );
}

function checkRange(from: number, to: number): void {
  if (from > to || to > Number.MAX_SAFE_INTEGER) throw new MailInvalidQueryError("The time range is invalid");
}
