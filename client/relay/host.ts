import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { circuitRelayTransport } from "@libp2p/circuit-relay-v2";
import { identify } from "@libp2p/identify";
import type { Libp2p, PeerId, PeerInfo, PrivateKey } from "@libp2p/interface";
import { kadDHT, passthroughMapper } from "@libp2p/kad-dht";
import { ping } from "@libp2p/ping";
import { tcp } from "@libp2p/tcp";
import type { Multiaddr } from "@multiformats/multiaddr";
import type { ServiceFactoryMap } from "libp2p";
import { createLibp2p } from "libp2p";

import type { BaseServices } from "../kernel/p2p/createHost.js";
import {
  CONNECTION_DEFAULTS,
  DHT_PROTOCOL,
  MAX_EARLY_STREAMS,
  PING_STREAMS,
} from "../kernel/p2p/constants.js";

/** Makes the host listen on a relay: a reservation on it, through libp2p's circuit relay transport. */
export interface RelayListenService {
  /**
   * Reserves a slot on a relay and listens through it.
   *
   * @param address - `<relay address>/p2p/<relay>/p2p-circuit`.
   * @returns Once the relay has granted the reservation.
   * @throws Error when the relay cannot be dialled or refuses.
   */
  listen(address: Multiaddr): Promise<void>;
}

/** The services of a host that can dial and listen through relays. */
export type RelayHostServices = BaseServices & { relayListen: RelayListenService };

/** A Waymark host that can dial and listen through relays. */
export type RelayHost = Libp2p<RelayHostServices>;

/** Options of {@link createRelayHost}. */
export interface RelayHostInit {
  /** The host's identity; a service behind NAT uses the key behind its address. Fresh when absent. */
  privateKey?: PrivateKey | undefined;
  /**
   * Which relays may bring inbound relayed connections: the relays the service reserved on. A
   * caller that serves nothing accepts none.
   * @default none
   */
  acceptRelayedFrom?: ((relay: PeerId) => boolean) | undefined;
  /** Connection manager overrides (see `CONNECTION_DEFAULTS`). */
  connectionManager?:
    | {
        inboundConnectionThreshold?: number | undefined;
        maxIncomingPendingConnections?: number | undefined;
        allow?: readonly string[] | undefined;
      }
    | undefined;
  /** Milliseconds a reservation request may take. @default 10000 */
  reservationTimeoutMs?: number | undefined;
}

/**
 * Creates the libp2p host of a client or a service behind NAT: like `createWaymarkHost` (TCP,
 * Noise, Yamux, identify, ping, Waymark's DHT in client mode), with libp2p's circuit relay v2
 * transport beside TCP, and no listen address: it only dials out, and is reached through the relays
 * it reserves on. Its connection gater accepts relayed connections only through the relays
 * `acceptRelayedFrom` admits.
 *
 * @param init - Identity, accepted relays, connection limits.
 * @returns The started host.
 * @example
 * ```ts
 * const host = await createRelayHost({ privateKey, acceptRelayedFrom: (relay) => mine.has(relay.toString()) });
 * ```
 */
export async function createRelayHost(init: RelayHostInit = {}): Promise<RelayHost> {
  const limits = { ...CONNECTION_DEFAULTS, ...init.connectionManager };
  const self: { host?: Libp2p } = {};
  const accept = init.acceptRelayedFrom ?? (() => false);
  // As in createWaymarkHost: a client keeps only the DHT servers it is already connected to.
  const peerInfoMapper = (peer: PeerInfo): PeerInfo =>
    (self.host?.getConnections(peer.id).length ?? 0) > 0
      ? passthroughMapper(peer)
      : { ...peer, multiaddrs: [] };
  const services = {
    identify: identify(),
    ping: ping({ maxInboundStreams: PING_STREAMS, maxOutboundStreams: PING_STREAMS }),
    dht: kadDHT({ protocol: DHT_PROTOCOL, clientMode: true, peerInfoMapper }),
    relayListen: (components: { transportManager: { listen(addrs: Multiaddr[]): Promise<void> } }) => ({
      listen: async (address: Multiaddr) => components.transportManager.listen([address]),
    }),
  } as ServiceFactoryMap<RelayHostServices>;
  const host = await createLibp2p<RelayHostServices>({
    ...(init.privateKey === undefined ? {} : { privateKey: init.privateKey }),
    addresses: { listen: [] },
    transports: [
      tcp(),
      circuitRelayTransport({ reservationCompletionTimeout: init.reservationTimeoutMs ?? 10_000 }),
    ],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux({ maxEarlyStreams: MAX_EARLY_STREAMS })],
    connectionGater: {
      denyInboundRelayedConnection: (relay) => !accept(relay),
    },
    connectionManager: {
      maxConnections: limits.maxConnections,
      inboundConnectionThreshold: limits.inboundConnectionThreshold,
      maxIncomingPendingConnections: limits.maxIncomingPendingConnections,
      dialTimeout: limits.dialTimeoutMs,
      allow: [...(limits.allow ?? [])],
    },
    services,
  });
  self.host = host;
  return host;
}
