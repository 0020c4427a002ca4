import type {
  AbortOptions,
  Connection,
  Stream,
  StreamHandler,
  StreamHandlerOptions,
} from "@libp2p/interface";

import { heardFrom } from "../../client/kernel/p2p/connectionActivity.js";

/** What the helpers need of the host's registrar. */
export interface ProtocolRegistrar {
  handle(protocol: string, handler: StreamHandler, options?: StreamHandlerOptions): Promise<void>;
  unhandle(protocol: string, options?: AbortOptions): Promise<void>;
}

/**
 * The versions of a service's client protocol a node serves: one whose streams carry any number of
 * requests (served by `serveSession`), and the earlier one whose streams carry one (`serveRequest`).
 */
export interface ClientProtocolVersions {
  /** Streams carry any number of requests, for example `/waymark/mail/1.1.0`. */
  readonly session: string;
  /** Streams carry one request, for example `/waymark/mail/1.0.0`. */
  readonly single: string;
}

/** Hands a new stream of a client protocol to its service; `session` for the session version. */
export type ClientStreamHandler = (stream: Stream, connection: Connection, session: boolean) => void;

/**
 * libp2p's own per-connection stream limit for a protocol: well above the service's per-peer
 * limit, so that a peer over it gets the service's typed answer rather than a reset stream.
 *
 * @param perPeer - The service's limit.
 * @returns The limit to register the protocol with.
 */
export function muxerStreamLimit(perPeer: number): number {
  return perPeer * 4 + 32;
}

/**
 * Registers both versions of a service's client protocol with one handler, each stream told which
 * version it is, under libp2p stream limits above the service's own (see {@link muxerStreamLimit}).
 * Each new stream marks its peer as heard from (`heardFrom`); a session's later requests are marked
 * by `serveSession`.
 *
 * @param registrar - The host's registrar.
 * @param versions - The protocol's versions.
 * @param onStream - The service's handler.
 * @param maxStreamsPerPeer - The service's per-peer stream limit.
 */
export async function handleClientProtocol(
  registrar: ProtocolRegistrar,
  versions: ClientProtocolVersions,
  onStream: ClientStreamHandler,
  maxStreamsPerPeer: number,
): Promise<void> {
  const limits = {
    maxInboundStreams: muxerStreamLimit(maxStreamsPerPeer),
    maxOutboundStreams: muxerStreamLimit(maxStreamsPerPeer),
  };
  await registrar.handle(
    versions.session,
    (stream, connection) => {
      heardFrom(connection);
      onStream(stream, connection, true);
    },
    limits,
  );
  await registrar.handle(
    versions.single,
    (stream, connection) => {
      heardFrom(connection);
      onStream(stream, connection, false);
    },
    limits,
  );
}

/**
 * Unregisters both versions of a client protocol (see {@link handleClientProtocol}).
 *
 * @param registrar - The host's registrar.
 * @param versions - The protocol's versions.
 */
export async function unhandleClientProtocol(
  registrar: ProtocolRegistrar,
  versions: ClientProtocolVersions,
): Promise<void> {
  await registrar.unhandle(versions.session);
  await registrar.unhandle(versions.single);
}
