import type { Stream } from "@libp2p/interface";

/**
 * How long a client keeps an idle stream of several requests for its next request: well within
 * the time a node keeps one open (60 s by default), so that a stream taken from the pool is not
 * being ended by the node as the request goes out.
 */
export const SESSION_STREAM_IDLE_MS = 20_000;

/** Idle streams kept per connection and protocol offer; more are closed after their answer. */
export const MAX_IDLE_SESSION_STREAMS = 8;

/** An idle stream and when it became idle. */
interface IdleStream {
  readonly stream: Stream;
  readonly since: number;
  /** Removes the stream's listeners. */
  readonly forget: () => void;
}

/**
 * Idle streams of protocols whose streams carry several requests, kept per connection and per
 * protocol offer for the next request to the same node. A stream leaves the pool when it is taken,
 * when the node ends or resets it, and with its connection (the pool holds connections weakly); one
 * idle for {@link SESSION_STREAM_IDLE_MS} or longer is not used again but closed when the next
 * request finds it (until then the node's own idle limit ends it).
 */
export class SessionStreams {
  private readonly pools = new WeakMap<object, Map<string, IdleStream[]>>();

  /**
   * Takes the most recently idle stream for the offer, closing any found stale on the way.
   *
   * @param connection - The connection to the node.
   * @param offer - The protocols offered, as one key.
   * @returns A stream ready for a request, or undefined.
   */
  take(connection: object, offer: string): Stream | undefined {
    const idle = this.pools.get(connection)?.get(offer);
    if (idle === undefined) return undefined;
    const now = performance.now();
    for (let entry = idle.pop(); entry !== undefined; entry = idle.pop()) {
      entry.forget();
      if (now - entry.since < SESSION_STREAM_IDLE_MS && isReusable(entry.stream)) return entry.stream;
      closeQuietly(entry.stream);
    }
    return undefined;
  }

  /**
   * Keeps a stream whose exchange is complete for the next request, or closes it when it cannot
   * carry another (either end closing, unread bytes) or the pool for its offer is full.
   *
   * @param connection - The connection the stream belongs to.
   * @param offer - The protocols offered, as one key.
   * @param stream - The stream, with no reader attached.
   */
  keep(connection: object, offer: string, stream: Stream): void {
    let byOffer = this.pools.get(connection);
    if (byOffer === undefined) {
      byOffer = new Map();
      this.pools.set(connection, byOffer);
    }
    let idle = byOffer.get(offer);
    if (idle === undefined) {
      idle = [];
      byOffer.set(offer, idle);
    }
    if (!isReusable(stream) || idle.length >= MAX_IDLE_SESSION_STREAMS) {
      closeQuietly(stream);
      return;
    }
    const pool = idle;
    const onGone = (): void => {
      const at = pool.findIndex((entry) => entry.stream === stream);
      if (at >= 0) pool.splice(at, 1)[0]?.forget();
      closeQuietly(stream);
    };
    const forget = (): void => {
      stream.removeEventListener("remoteCloseWrite", onGone);
      stream.removeEventListener("close", onGone);
    };
    stream.addEventListener("remoteCloseWrite", onGone);
    stream.addEventListener("close", onGone);
    pool.push({ stream, since: performance.now(), forget });
  }
}

/** Whether a stream can carry another request: open both ways, nothing unread. */
function isReusable(stream: Stream): boolean {
  return (
    stream.status === "open" &&
    stream.writeStatus === "writable" &&
    stream.remoteWriteStatus === "writable" &&
    stream.readBufferLength === 0
  );
}

function closeQuietly(stream: Stream): void {
  if (stream.status !== "open") return;
  stream.close().catch((err: unknown) => {
    stream.abort(err instanceof Error ? err : new Error(String(err)));
  });
}
