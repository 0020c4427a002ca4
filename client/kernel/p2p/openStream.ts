import type { AbortOptions, Connection, Libp2p, PeerId, Stream } from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";

/** What opens connections: a libp2p host, or a node's own connection manager. */
export interface StreamDialer {
  /** Returns an open connection to the peer, reusing one when it exists. */
  dial: Libp2p["dial"];
}

/**
 * Names of the errors libp2p raises when a connection it still lists as open can no longer carry
 * streams: its multiplexer has closed (the remote sent a GoAway, or reset the connection over too
 * many early streams) while the socket beneath stays open. libp2p keeps handing out such a
 * connection until its connection monitor's next ping fails.
 */
const DEAD_CONNECTION_ERRORS: ReadonlySet<string> = new Set(["ConnectionClosedError", "MuxerClosedError"]);

/** A negotiated stream and the connection it runs on. */
export interface ProtocolStream {
  stream: Stream;
  connection: Connection;
}

/** Options of {@link openProtocolStream}. */
export interface OpenProtocolStreamOptions extends AbortOptions {
  /** Offers an open stream of the connection to use instead of a new one. */
  reuse?: ((connection: Connection) => Stream | undefined) | undefined;
}

/**
 * Opens a protocol stream to a peer like `libp2p.dialProtocol`, and replaces a dead connection:
 * when the connection that libp2p returns can no longer open streams, it is aborted and the peer is
 * dialled once more on a fresh connection.
 *
 * @param dialer - A host, or a connection manager's `openConnection` as `dial`.
 * @param peer - Peer id or addresses.
 * @param protocols - Protocols to negotiate, preferred first.
 * @param options - Signal for the dial and the negotiation; a stream of the connection to reuse.
 * @returns The negotiated stream and its connection.
 * @throws Whatever libp2p throws when dialling or negotiating fails (for example
 * `UnsupportedProtocolError`), including on the second connection.
 * @example
 * ```ts
 * const { stream } = await openProtocolStream(host, peerId, ["/waymark/mail/1.0.0"], { signal });
 * ```
 */
export async function openProtocolStream(
  dialer: StreamDialer,
  peer: PeerId | Multiaddr | Multiaddr[],
  protocols: string[],
  options: OpenProtocolStreamOptions = {},
): Promise<ProtocolStream> {
  const connection = await dialer.dial(peer, options);
  const kept = options.reuse?.(connection);
  if (kept !== undefined) return { stream: kept, connection };
  try {
    return { stream: await connection.newStream(protocols, options), connection };
  } catch (err) {
    if (!isDeadConnection(connection, err)) throw err;
    connection.abort(err as Error);
    const fresh = await dialer.dial(peer, options);
    return { stream: await fresh.newStream(protocols, options), connection: fresh };
  }
}

function isDeadConnection(connection: Connection, err: unknown): boolean {
  return connection.status === "open" && err instanceof Error && DEAD_CONNECTION_ERRORS.has(err.name);
}
