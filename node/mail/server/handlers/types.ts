import type { Request, Response } from "../../../../client/mail/protocol/mail.generated.js";
import type { RequestOrigin } from "../../limits/peerLimits.js";

/** The request kinds of `/waymark/mail/1.0.0`: the fields of the `Request` union. */
export type ClientRequestKind = keyof Request;

/**
 * Answers one kind of client request: takes the request's body of that kind and returns the
 * response's body of the same kind.
 *
 * @throws MailProtocolError subclasses, answered as error frames.
 */
export interface ClientKindHandler<K extends ClientRequestKind> {
  handle(request: NonNullable<Request[K]>, origin: RequestOrigin): Promise<NonNullable<Response[K]>>;
}
