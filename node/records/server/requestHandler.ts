import type { Uint8ArrayList } from "uint8arraylist";

import {
  RecordsMalformedError,
  RecordsUnsupportedVersionError,
} from "../../../client/records/protocol/errors.js";
import { Request, Response } from "../../../client/records/protocol/records.generated.js";
import type { GetHandlerInit } from "./handlers/get.js";
import { GetHandler } from "./handlers/get.js";
import { ListHandler } from "./handlers/list.js";
import type { PutHandlerInit } from "./handlers/put.js";
import { PutHandler } from "./handlers/put.js";
import type { RecordsKindHandler, RecordsOrigin, RecordsRequestKind } from "./handlers/types.js";

/** What the records request handler needs: what each kind's handler needs, and the counting hook. */
export interface RecordsRequestHandlerInit extends PutHandlerInit, GetHandlerInit {
  /** Called after each decoded request, with its kind and whether it was answered without error. */
  onAnswered?(kind: RecordsRequestKind, outcome: "ok" | "error"): void;
}

/**
 * Answers one request of `/waymark/records/1.0.0`: decodes the frame and hands its body to the
 * handler of its kind (server/handlers/): put, get or list.
 */
export class RecordsRequestHandler {
  private readonly handlers: { readonly [K in RecordsRequestKind]: RecordsKindHandler<K> };

  constructor(private readonly init: RecordsRequestHandlerInit) {
    this.handlers = { put: new PutHandler(init), get: new GetHandler(init), list: new ListHandler(init) };
  }

  /**
   * Decodes a request frame and answers it.
   *
   * @param frame - The request frame.
   * @param origin - The remote peer.
   * @returns The encoded response.
   * @throws RecordsProtocolError subclasses, answered as error frames.
   */
  async handle(frame: Uint8ArrayList, origin: RecordsOrigin): Promise<Uint8Array> {
    const request = decode(frame);
    if (request.put !== undefined) return this.dispatch("put", request.put, origin);
    if (request.get !== undefined) return this.dispatch("get", request.get, origin);
    if (request.list !== undefined) return this.dispatch("list", request.list, origin);
    throw new RecordsUnsupportedVersionError("The request kind is not served by this protocol version");
  }

  private async dispatch<K extends RecordsRequestKind>(
    kind: K,
    body: NonNullable<Request[K]>,
    origin: RecordsOrigin,
  ): Promise<Uint8Array> {
    const handler: RecordsKindHandler<K> = this.handlers[kind];
    try {
      const answer = await handler.handle(body, origin);
      this.init.onAnswered?.(kind, "ok");
      return Response.encode({ [kind]: answer });
    } catch (err) {
      this.init.onAnswered?.(kind, "error");
      throw err;
    }
  }
}

function decode(frame: Uint8ArrayList): Request {
  try {
    return Request.decode(frame);
  } catch (err) {
    throw new RecordsMalformedError("The request frame is not a valid request", { cause: err });
  }
}
