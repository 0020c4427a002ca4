import type { Uint8ArrayList } from "uint8arraylist";

import {
  MailInternalError,
  MailInvalidEnvelopeError,
  MailInvalidQueryError,
  MailMalformedError,
  MailUnsupportedVersionError,
} from "../../../client/mail/protocol/errors.js";
import { toWire } from "../../../client/mail/protocol/envelope.js";
import type { PushResponse, QueryResponse } from "../../../client/mail/protocol/mail.generated.js";
import { QueryRequest, Request, Response } from "../../../client/mail/protocol/mail.generated.js";
import { acceptPushed } from "../accept.js";
import type { PeerLimits, RequestOrigin } from "../limits/peerLimits.js";
import type { MailLimits } from "../options.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import type { MailStore, PutOutcome, StoreQuery, StoredEnvelope } from "../store/types.js";
import { storeWriteError } from "../store/writeFailure.js";

/** What the client-protocol handler needs. */
export interface ClientHandlerInit {
  limits: MailLimits;
  peerLimits: PeerLimits;
  store: MailStore;
  clock: () => number;
  /** Called after each push or query answered successfully. */
  onAnswered?(kind: "push" | "query"): void;
  /** Called once a pushed envelope is newly committed. */
  onStored(envelope: StoredEnvelope): void;
  /** Called when the store cannot write a pushed envelope. */
  onStoreError?(error: Error): void;
}

const encoder = new TextEncoder();

/**
 * Answers one request of `/waymark/mail/1.0.0`: a push (acknowledged after commit) or a history
 * query, each charged to the peer's token buckets first.
 */
export class ClientHandler {
  constructor(private readonly init: ClientHandlerInit) {}

  /**
   * Decodes a request frame and answers it.
   *
   * @param frame - The request frame.
   * @param origin - The remote peer and its address (rate limits are per peer and per address).
   * @returns The encoded response.
   * @throws MailProtocolError subclasses, answered as error frames.
   */
  async handle(frame: Uint8ArrayList, origin: RequestOrigin): Promise<Uint8Array> {
    const request = this.decode(frame);
    if (request.push !== undefined) {
      const envelope = request.push.envelope;
      if (envelope === undefined) throw new MailInvalidEnvelopeError("The push carries no envelope");
      this.init.peerLimits.charge(origin, { kind: "push", bytes: envelope.payload.byteLength });
      const stored = acceptPushed(envelope, this.init.limits, this.init.clock());
      const response = Response.encode({ push: await this.push(stored) });
      this.init.onAnswered?.("push");
      return response;
    }
    if (request.query !== undefined) {
      const query = this.checkQuery(request.query);
      this.init.peerLimits.charge(origin, { kind: "query", units: this.queryUnits(query) });
      const response = Response.encode({ query: await this.query(query) });
      this.init.onAnswered?.("query");
      return response;
    }
    throw new MailUnsupportedVersionError("The request kind is not served by this protocol version");
  }

  private decode(frame: Uint8ArrayList): Request {
    try {
      return Request.decode(frame, { limits: { query: { topics: this.init.limits.maxTopicsPerQuery } } });
    } catch (err) {
      if (err instanceof Error && err.name === "MaxLengthError") {
        throw new MailInvalidQueryError(
          `A query may name at most ${this.init.limits.maxTopicsPerQuery} topics`,
          { cause: err },
        );
      }
      throw new MailMalformedError("The request frame is not a valid request", { cause: err });
    }
  }

  private async push(envelope: StoredEnvelope): Promise<PushResponse> {
    let outcome: PutOutcome | undefined;
    try {
      [outcome] = await this.init.store.put([envelope]);
    } catch (err) {
      const error = storeWriteError(err);
      this.init.onStoreError?.(error);
      throw error;
    }
    if (outcome === "refused") {
      throw new MailInternalError("The store is full and no longer keeps envelopes this old");
    }
    if (outcome === "stored") this.init.onStored(envelope);
    return { id: envelope.id as PushResponse["id"], duplicate: outcome === "duplicate" };
  }

  /** Checks a query against the node's rules and resolves its page size and range. */
  private checkQuery(query: QueryRequest): StoreQuery {
    const { limits } = this.init;
    if (query.topics.length === 0 && !limits.listAllTopics) {
      throw new MailInvalidQueryError("This node does not list every topic: name the topics to read");
    }
    for (const topic of query.topics) {
      const bytes = encoder.encode(topic).byteLength;
      if (bytes === 0 || bytes > limits.maxTopicBytes) {
        throw new MailInvalidQueryError(`Every topic must have 1 to ${limits.maxTopicBytes} bytes`);
      }
    }
    const from = query.from ?? 0;
    const to = query.to ?? Number.MAX_SAFE_INTEGER;
    if (from > to) throw new MailInvalidQueryError("`from` is after `to`");
    return {
      topics: query.topics,
      from,
      to: Math.min(to, Number.MAX_SAFE_INTEGER),
      after: decodeCursor(query.cursor),
      direction: query.direction === QueryRequest.Direction.BACKWARD ? "backward" : "forward",
      limit: query.pageSize === 0 ? limits.defaultPageSize : Math.min(query.pageSize, limits.maxPageSize),
      maxBytes: limits.maxResponseBytes,
      now: this.init.clock(),
    };
  }

  /**
   * What a query costs against the query rates: the rows it may read, `topics × page size`, in
   * units of one full page of one topic (at least one; at most a burst, so that every valid query
   * is answered in time). A query of every topic reads one page, like a query of one topic.
   */
  private queryUnits(query: StoreQuery): number {
    const { limits } = this.init;
    const rows = Math.max(1, new Set(query.topics).size) * query.limit;
    return Math.min(
      Math.max(1, Math.ceil(rows / limits.maxPageSize)),
      limits.queryBurst,
      limits.addressQueryBurst,
    );
  }

  private async query(query: StoreQuery): Promise<QueryResponse> {
    const page = await this.init.store.query(query);
    return {
      envelopes: page.envelopes.map(toWire),
      cursor: (page.next === undefined
        ? new Uint8Array(0)
        : encodeCursor(page.next)) as QueryResponse["cursor"],
    };
  }
}
