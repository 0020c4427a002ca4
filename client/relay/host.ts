import { circuitRelayTransport } from "@libp2p/circuit-relay-v2";
import type { Libp2p, PeerId, PrivateKey } from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";

import type { BaseServices } from "../kernel/p2p/createHost.js";
import { createWaymarkHost } from "../kernel/p2p/createHost.js";

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
 * Creates the libp2p host of a client or a service behind NAT: a `createWaymarkHost` (TCP, Noise,
 * Yamux, identify, ping, Waymark's DHT in client mode) with libp2p's circuit relay v2 transport
 * beside TCP, and no listen address: it only dials out, and is reached through the relays it
 * reserves on. Its connection gater accepts relayed connections only through the relays
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
  const accept = init.acceptRelayedFrom ?? (() => false);
  return createWaymarkHost<{ relayListen: RelayListenService }>({
    privateKey: init.privateKey,
    listen: [],
    connectionManager: init.connectionManager,
    connectionGater: {
      denyInboundRelayedConnection: (relay) => !accept(relay),
    },
    transports: [
      circuitRelayTransport({ reservationCompletionTimeout: init.reservationTimeoutMs ?? 10_000 }),
    ],
    services: {
      relayListen: (components: { transportManager: { listen(addrs: Multiaddr[]): Promise<void> } }) => ({
        listen: async (address: Multiaddr) => components.transportManager.listen([address]),
      }),
    },
  });
}
