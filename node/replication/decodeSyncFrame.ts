import type { DecodeOptions } from "protons-runtime";
import type { Uint8ArrayList } from "uint8arraylist";

/** A message of a sync protocol's wire, as protons generates it (`SyncRequest`, `SyncResponse`). */
export interface SyncFrameCodec<T> {
  decode(frame: Uint8Array | Uint8ArrayList, options?: DecodeOptions<T>): T;
}

/** What {@link decodeSyncFrame} needs from a kind of server. */
export interface DecodeSyncFrameInit<T> {
  /** The message's codec. */
  codec: SyncFrameCodec<T>;
  /** Most items each repeated field may carry; decoding stops beyond them. @default no bound */
  limits?: DecodeOptions<T>["limits"] | undefined;
  /**
   * The protocol's typed error for a frame carrying more items than `limits` allow.
   *
   * @param cause - The codec's `MaxLengthError`.
   */
  tooMany(cause: Error): Error;
  /**
   * The protocol's typed error for a frame that does not decode.
   *
   * @param cause - What the codec threw.
   */
  malformed(cause: unknown): Error;
}

/**
 * Decodes one frame of a node-to-node sync protocol (a request on the serving side, an answer on
 * the asking side) within its item bounds, turning the codec's failures into the protocol's typed
 * errors.
 *
 * @param frame - The frame.
 * @param init - Codec, bounds and the protocol's errors.
 * @returns The message.
 * @throws The error of `tooMany` beyond the bounds; the error of `malformed` when it does not decode.
 * @example
 * const request = decodeSyncFrame(frame, {
 *   codec: SyncRequest,
 *   limits: { fetch: { ids: MAX_SYNC_IDS } },
 *   tooMany: (cause) => new MailTooLargeError("…", { cause, limit: "items" }),
 *   malformed: (cause) => new MailMalformedError("…", { cause }),
 * });
 */
export function decodeSyncFrame<T>(frame: Uint8Array | Uint8ArrayList, init: DecodeSyncFrameInit<T>): T {
  try {
    return init.codec.decode(frame, { limits: init.limits });
  } catch (err) {
    if (err instanceof Error && err.name === "MaxLengthError") throw init.tooMany(err);
    throw init.malformed(err);
  }
}
