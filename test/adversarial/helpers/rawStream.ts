import type { Connection, Stream, StreamCloseEvent, StreamMessageEvent } from "@libp2p/interface";
import { Uint8ArrayList } from "uint8arraylist";

import { MAIL_PROTOCOL_1_0 } from "../../../client/mail/protocol/constants.js";
import { Response } from "../../../client/mail/protocol/mail.generated.js";

/** What became of one raw request stream. */
export type RawOutcome =
  /** The node answered with a protocol error (its numeric code). */
  | { kind: "error"; code: number }
  /** The node answered a push, a query, or an audit request (a digest or a page of ids). */
  | { kind: "push" | "query" | "audit" }
  /** The node answered a push of several envelopes: the error codes of the envelopes it refused. */
  | { kind: "pushMany"; codes: number[] }
  /** The node closed or reset the stream without an answer. */
  | { kind: "closed" }
  /** The node answered with bytes that are not a response frame. */
  | { kind: "garbage" }
  /** Nothing happened within the time limit. */
  | { kind: "timeout" }
  /** The stream could not be opened. */
  | { kind: "refused"; error: string };

/**
 * Opens a mail stream on an existing connection, writes raw bytes (closing the write end unless
 * told otherwise), and reports what the node did: an answer frame decoded, a close, or nothing.
 *
 * @param connection - An open connection to the node.
 * @param bytes - Exactly what to write after protocol selection.
 * @param options - Whether to close the write end, and the time limit.
 * @returns The outcome.
 */
export async function sendRaw(
  connection: Connection,
  bytes: Uint8Array,
  options: { closeWrite: boolean; timeoutMs: number },
): Promise<RawOutcome> {
  let stream: Stream;
  try {
    stream = await connection.newStream(MAIL_PROTOCOL_1_0, {
      negotiateFully: false,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (err) {
    return { kind: "refused", error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
  const outcome = Promise.withResolvers<RawOutcome>();
  const buffer = new Uint8ArrayList();
  const onMessage = (event: StreamMessageEvent): void => {
    buffer.append(event.data);
    const frame = readFrame(buffer);
    if (frame !== undefined) outcome.resolve(classify(frame));
  };
  const onClose = (_event: StreamCloseEvent): void => {
    const frame = readFrame(buffer);
    outcome.resolve(frame === undefined ? { kind: "closed" } : classify(frame));
  };
  stream.addEventListener("message", onMessage);
  stream.addEventListener("close", onClose);
  const timer = setTimeout(() => {
    outcome.resolve({ kind: "timeout" });
  }, options.timeoutMs);
  try {
    if (bytes.byteLength > 0) stream.send(bytes);
    if (options.closeWrite) stream.close().catch(() => undefined);
    return await outcome.promise;
  } finally {
    clearTimeout(timer);
    stream.removeEventListener("message", onMessage);
    stream.removeEventListener("close", onClose);
    if (stream.status !== "closed") stream.abort(new Error("done"));
  }
}

/** The first length-prefixed frame in the buffer, if it is complete (or garbage when it cannot be). */
function readFrame(buffer: Uint8ArrayList): Uint8Array | undefined {
  let length = 0;
  let scale = 1;
  for (let i = 0; i < buffer.byteLength && i < 8; i++) {
    const byte = buffer.get(i);
    length += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) {
      if (buffer.byteLength < i + 1 + length) return undefined;
      return buffer.subarray(i + 1, i + 1 + length);
    }
    scale *= 128;
  }
  return buffer.byteLength >= 8 ? new Uint8Array([0xff]) : undefined;
}

function classify(frame: Uint8Array): RawOutcome {
  let response: Response;
  try {
    response = Response.decode(frame);
  } catch {
    return { kind: "garbage" };
  }
  if (response.error !== undefined) return { kind: "error", code: response.error.code };
  if (response.push !== undefined) return { kind: "push" };
  if (response.pushMany !== undefined) {
    const codes = response.pushMany.results.flatMap((result) =>
      result.error === undefined ? [] : [result.error.code],
    );
    return { kind: "pushMany", codes };
  }
  if (response.query !== undefined) return { kind: "query" };
  if (response.auditDigest !== undefined || response.auditIds !== undefined) return { kind: "audit" };
  return { kind: "garbage" };
}
