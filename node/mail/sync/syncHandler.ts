import type { AbortOptions, PeerId } from "@libp2p/interface";
import type { Uint8ArrayList } from "uint8arraylist";

import { MailProtocolError } from "../../../client/mail/protocol/errors.js";
import {
  MailInvalidQueryError,
  MailMalformedError,
  MailUnsupportedVersionError,
} from "../../../client/mail/protocol/errors.js";
import type {
  DigestRequest,
  DigestResponse,
  FetchRequest,
  FetchResponse,
  ListIdsRequest,
  ListIdsResponse,
  ReplicateRequest,
  ReplicateResponse,
} from "../../../client/mail/protocol/mail.generated.js";
import { SyncRequest, SyncResponse } from "../../../client/mail/protocol/mail.generated.js";
import { acceptReplicated } from "../accept.js";
import type { MailLimits } from "../options.js";
import { decodeCursor, encodeCursor } from "../position.js";
import type { MailStore, PutOutcome, StoredEnvelope } from "../store/types.js";
import { storeWriteError } from "../store/writeFailure.js";

/** What the node-to-node handler needs. */
export interface SyncHandlerInit {
  limits: MailLimits;
  store: MailStore;
  clock: () => number;
  /** Called with the envelopes a replication request newly stored. */
  onReplicated(envelopes: StoredEnvelope[], from: PeerId): void;
  /** Called when the store cannot write replicated envelopes. */
  onStoreError?(error: Error): void;
}

/** Ids a single fetch or listing may carry at most. */
const MAX_IDS = 65_536;

/**
 * Answers one request of `/waymark/mail/sync/1.0.0` from a peer that the service has already
 * checked is a registered mail server: replication, digests, id listings and fetches.
 */
export class SyncHandler {
  constructor(private readonly init: SyncHandlerInit) {}

  /**
   * Decodes a request frame and answers it.
   *
   * @param frame - The request frame.
   * @param peer - The registered peer that sent it.
   * @param options - Signal.
   * @returns The encoded response.
   * @throws MailProtocolError subclasses, answered as error frames.
   */
  async handle(frame: Uint8ArrayList, peer: PeerId, options: AbortOptions = {}): Promise<Uint8Array> {
    options.signal?.throwIfAborted();
    const request = this.decode(frame);
    if (request.replicate !== undefined) {
      return SyncResponse.encode({ replicate: await this.replicate(request.replicate, peer) });
    }
    if (request.digest !== undefined)
      return SyncResponse.encode({ digest: await this.digest(request.digest) });
    if (request.listIds !== undefined)
      return SyncResponse.encode({ listIds: await this.listIds(request.listIds) });
    if (request.fetch !== undefined) return SyncResponse.encode({ fetch: await this.fetch(request.fetch) });
    throw new MailUnsupportedVersionError("The request kind is not served by this sync protocol version");
  }

  private decode(frame: Uint8ArrayList): SyncRequest {
    try {
      return SyncRequest.decode(frame, { limits: { fetch: { ids: MAX_IDS } } });
    } catch (err) {
      throw new MailMalformedError("The request frame is not a valid sync request", { cause: err });
    }
  }

  private async replicate(request: ReplicateRequest, peer: PeerId): Promise<ReplicateResponse> {
    const accepted: StoredEnvelope[] = [];
    let rejected = 0;
    for (const envelope of request.envelopes) {
      try {
        accepted.push(acceptReplicated(envelope, this.init.limits));
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
    if (stored.length > 0) this.init.onReplicated(stored, peer);
    const duplicates = outcomes.filter((outcome) => outcome === "duplicate").length;
    rejected += outcomes.filter((outcome) => outcome === "refused").length;
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
    const limit = Math.min(Math.max(request.limit, 1), MAX_IDS);
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
      envelopes: found.map(({ topic, payload, timestamp, ttl }) => ({ topic, payload, timestamp, ttl })),
    };
  }
}

function checkRange(from: number, to: number): void {
  if (from > to || to > Number.MAX_SAFE_INTEGER) throw new MailInvalidQueryError("The time range is invalid");
}
