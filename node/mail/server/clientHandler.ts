import type { Uint8ArrayList } from "uint8arraylist";

import {
  MailInvalidQueryError,
  MailMalformedError,
  MailTooLargeError,
  MailUnsupportedVersionError,
} from "../../../client/mail/protocol/errors.js";
import { Request, Response } from "../../../client/mail/protocol/mail.generated.js";
import type { RequestOrigin } from "../limits/peerLimits.js";
import { AuditDigestHandler } from "./handlers/auditDigest.js";
import { AuditIdsHandler } from "./handlers/auditIds.js";
import { AuditLimits } from "./handlers/auditLimits.js";
import type { PushHandlerInit } from "./handlers/push.js";
import { PushHandler } from "./handlers/push.js";
import { PushManyHandler } from "./handlers/pushMany.js";
import type { QueryHandlerInit } from "./handlers/query.js";
import { QueryHandler } from "./handlers/query.js";
import type { ClientKindHandler, ClientRequestKind } from "./handlers/types.js";

/** What the client-protocol handler needs: what each kind's handler needs, and the metrics hook. */
export interface ClientHandlerInit extends PushHandlerInit, QueryHandlerInit {
  /**
   * Called after each request answered successfully, with its kind; a push of several counts as
   * one `push` per envelope acknowledged.
   */
  onAnswered?(kind: ClientRequestKind): void;
  /** The audit digest quotas. @default made from `limits` */
  auditLimits?: AuditLimits | undefined;
}

/**
 * Answers one request of `/waymark/mail/1.0.0`: decodes the frame and hands its body to the
 * handler of its kind (server/handlers/): a push of one envelope or of several (acknowledged after
 * commit), a history query, or an audit digest or id page (completeness audits), each charged to
 * the peer's token buckets first.
 */
export class ClientHandler {
  private readonly handlers: { readonly [K in ClientRequestKind]: ClientKindHandler<K> };

  constructor(private readonly init: ClientHandlerInit) {
    const audit = { ...init, auditLimits: init.auditLimits ?? new AuditLimits(init.limits, init.clock) };
    this.handlers = {
      push: new PushHandler(init),
      pushMany: new PushManyHandler(init),
      query: new QueryHandler(init),
      auditDigest: new AuditDigestHandler(audit),
      auditIds: new AuditIdsHandler(audit),
    };
  }

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
    if (request.push !== undefined) return this.dispatch("push", request.push, origin);
    if (request.pushMany !== undefined) return this.dispatch("pushMany", request.pushMany, origin);
    if (request.query !== undefined) return this.dispatch("query", request.query, origin);
    if (request.auditDigest !== undefined) return this.dispatch("auditDigest", request.auditDigest, origin);
    if (request.auditIds !== undefined) return this.dispatch("auditIds", request.auditIds, origin);
    throw new MailUnsupportedVersionError("The request kind is not served by this protocol version");
  }

  private async dispatch<K extends ClientRequestKind>(
    kind: K,
    body: NonNullable<Request[K]>,
    origin: RequestOrigin,
  ): Promise<Uint8Array> {
    const handler: ClientKindHandler<K> = this.handlers[kind];
    const answer = await handler.handle(body, origin);
    const response = Response.encode({ [kind]: answer });
    if (kind !== "pushMany") this.init.onAnswered?.(kind);
    else {
      for (const result of (answer as NonNullable<Response["pushMany"]>).results) {
        if (result.error === undefined) this.init.onAnswered?.("push");
      }
    }
    return response;
  }

  private decode(frame: Uint8ArrayList): Request {
    try {
      const { maxTopicsPerQuery, maxPushEnvelopes } = this.init.limits;
      return Request.decode(frame, {
        limits: { query: { topics: maxTopicsPerQuery }, pushMany: { envelopes: maxPushEnvelopes } },
      });
    } catch (err) {
      if (err instanceof Error && err.name === "MaxLengthError" && err.message.includes('"envelopes"')) {
        throw new MailTooLargeError(
          `A push may carry at most ${this.init.limits.maxPushEnvelopes} envelopes`,
          {
            cause: err,
            limit: "push-envelopes",
          },
        );
      }
      if (err instanceof Error && err.name === "MaxLengthError") {
        throw new MailInvalidQueryError(
          `A query may name at most ${this.init.limits.maxTopicsPerQuery} topics`,
          { cause: err },
        );
      }
      throw new MailMalformedError("The request frame is not a valid request", { cause: err });
    }
  }
}
