import type { Stream, StreamCloseEvent, StreamMessageEvent } from "@libp2p/interface";
import { Uint8ArrayList } from "uint8arraylist";

import type { ServingErrors } from "./servingErrors.js";

/**
 * Reads the next length-prefixed request frame of a stream, buffering at most the frame itself.
 * As soon as the length prefix says the frame is too large, or the frame is complete, the stream
 * is paused, so the muxer's flow control holds back whatever else the peer sends; bytes that came
 * after the frame are handed back to the stream, unread. A paused stream is resumed first.
 *
 * @param stream - The inbound stream.
 * @param maxFrameBytes - Largest frame accepted.
 * @param signal - Ends the read with the signal's reason.
 * @param errors - The service kind's errors.
 * @returns The frame, without its prefix.
 * @throws The kind's `tooLarge` error (limit `frame`) when the prefix announces more than
 * `maxFrameBytes`.
 * @throws The kind's `malformed` error when the prefix is invalid or the stream ends before the
 * frame does.
 */
export async function readFrame(
  stream: Stream,
  maxFrameBytes: number,
  signal: AbortSignal,
  errors: Pick<ServingErrors, "tooLarge" | "malformed">,
): Promise<Uint8ArrayList> {
  const maxPrefixBytes = varintLength(maxFrameBytes);
  const buffer = new Uint8ArrayList();
  let length: number | undefined;
  const done = Promise.withResolvers<Uint8ArrayList>();

  const finish = (outcome: { frame: Uint8ArrayList } | { error: unknown }): void => {
    pauseReading(stream);
    stream.removeEventListener("message", onMessage);
    stream.removeEventListener("remoteCloseWrite", onEnd);
    stream.removeEventListener("close", onClose);
    signal.removeEventListener("abort", onAbort);
    if ("frame" in outcome) done.resolve(outcome.frame);
    else done.reject(outcome.error);
  };
  const complete = (frameLength: number): void => {
    const frame = buffer.sublist(0, frameLength);
    // Bytes after the frame begin the peer's next frame: they go back to the stream, unread.
    if (buffer.byteLength > frameLength) stream.unshift(buffer.sublist(frameLength));
    finish({ frame });
  };
  const onMessage = (event: StreamMessageEvent): void => {
    buffer.append(event.data);
    if (length === undefined) {
      const prefix = decodePrefix(buffer, maxPrefixBytes);
      if (prefix === "incomplete") {
        if (stream.remoteWriteStatus === "closed") onEnd();
        return;
      }
      if (prefix === "too-long" || prefix.value > maxFrameBytes) {
        finish({
          error: errors.tooLarge(`The request frame is larger than ${maxFrameBytes} bytes`),
        });
        return;
      }
      length = prefix.value;
      buffer.consume(prefix.bytes);
    }
    if (buffer.byteLength >= length) complete(length);
    else if (stream.remoteWriteStatus === "closed") onEnd();
  };
  const onEnd = (): void => {
    finish({ error: errors.malformed("The request frame ended early") });
  };
  const onClose = (event: StreamCloseEvent): void => {
    finish({ error: event.error ?? errors.malformed("The request frame ended early") });
  };
  const onAbort = (): void => {
    finish({ error: signal.reason });
  };

  if (signal.aborted) onAbort();
  else {
    signal.addEventListener("abort", onAbort, { once: true });
    stream.addEventListener("message", onMessage);
    stream.addEventListener("remoteCloseWrite", onEnd);
    stream.addEventListener("close", onClose);
    if (stream.remoteWriteStatus === "closed" && stream.readBufferLength === 0) onEnd();
    else if (stream.readStatus === "paused") stream.resume();
  }
  return done.promise;
}

/**
 * Stops reading a stream that is still readable, so the muxer's flow control holds back whatever
 * the peer sends next instead of it being buffered.
 *
 * @param stream - The stream.
 */
export function pauseReading(stream: Stream): void {
  if (stream.readStatus === "readable") stream.pause();
}

/**
 * A frame with its unsigned-varint length prefix.
 *
 * @param frame - The frame.
 * @returns Prefix and frame.
 */
export function lengthPrefixed(frame: Uint8Array): Uint8Array {
  const prefix: number[] = [];
  let length = frame.byteLength;
  do {
    prefix.push((length & 0x7f) | (length > 0x7f ? 0x80 : 0));
    length = Math.floor(length / 128);
  } while (length > 0);
  const out = new Uint8Array(prefix.length + frame.byteLength);
  out.set(prefix);
  out.set(frame, prefix.length);
  return out;
}

/** Decodes an unsigned varint at the start of the buffer. */
function decodePrefix(
  buffer: Uint8ArrayList,
  maxBytes: number,
): { value: number; bytes: number } | "incomplete" | "too-long" {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < buffer.byteLength; i++) {
    if (i >= maxBytes) return "too-long";
    const byte = buffer.get(i);
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, bytes: i + 1 };
    scale *= 128;
  }
  return buffer.byteLength >= maxBytes ? "too-long" : "incomplete";
}

function varintLength(value: number): number {
  let bytes = 1;
  for (let rest = Math.floor(value / 128); rest > 0; rest = Math.floor(rest / 128)) bytes += 1;
  return bytes;
}
