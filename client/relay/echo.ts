import type { AbortOptions, Stream, StreamHandler } from "@libp2p/interface";
import { lpStream } from "@libp2p/utils";

import { ECHO_MAX_BYTES } from "./constants.js";

/**
 * The handler of the example protocol `/waymark/echo/1.0.0`: answers each length-prefixed frame
 * with the same bytes, until the caller closes the stream.
 *
 * @returns The stream handler, for `host.handle(ECHO_PROTOCOL, …)` or `client.serve`.
 */
export function echoHandler(): StreamHandler {
  return async (stream) => {
    const frames = lpStream(stream, { maxDataLength: ECHO_MAX_BYTES });
    try {
      for (;;) {
        const frame = await frames.read();
        await frames.write(frame.subarray());
      }
    } catch {
      // The caller closed or reset the stream: the exchange is over.
    } finally {
      await stream.close().catch(() => undefined);
    }
  };
}

/** One side of an echo exchange: send a frame, read its answer, as many times as needed. */
export interface EchoSession {
  /**
   * Sends one frame and reads its answer.
   *
   * @param data - Up to 65536 bytes.
   * @param options - Signal.
   * @returns The answer.
   */
  request(data: Uint8Array, options?: AbortOptions): Promise<Uint8Array>;
  /** Closes the stream. */
  close(): Promise<void>;
}

/**
 * Speaks the echo protocol on an open stream.
 *
 * @param stream - A stream on `/waymark/echo/1.0.0` (from `client.reach`).
 * @returns The session.
 * @example
 * ```ts
 * const { stream } = await client.reach({ address, protocol: ECHO_PROTOCOL });
 * const session = echoSession(stream);
 * const answer = await session.request(new TextEncoder().encode("hello"));
 * ```
 */
export function echoSession(stream: Stream): EchoSession {
  const frames = lpStream(stream, { maxDataLength: ECHO_MAX_BYTES });
  return {
    request: async (data, options = {}) => {
      await frames.write(data, options);
      return (await frames.read(options)).subarray();
    },
    close: async () => {
      await stream.close().catch(() => {
        stream.abort(new Error("closed"));
      });
    },
  };
}
