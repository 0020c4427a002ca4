import { AsyncLocalStorage } from "node:async_hooks";

import { RELAY_V2_HOP_CODEC } from "@libp2p/circuit-relay-v2";
import type { CircuitRelayServerComponents } from "@libp2p/circuit-relay-v2";
import type { Connection, ConnectionGater, PeerId, Stream, StreamHandler } from "@libp2p/interface";

import type { CircuitLedger } from "./circuits.js";

/** The hop stream being handled, seen by the gater hooks the relay server calls while handling it. */
interface HopContext {
  stream: Stream;
  connection: Connection;
}

/** What {@link relayComponents} needs besides the host's components. */
export interface RelayComponentsInit {
  /** Counts and limits circuits. */
  ledger: CircuitLedger;
  /** True when a reservation from this peer would be refused for lack of room (it is counted). */
  reservationFull: (peer: PeerId) => boolean;
}

/**
 * The host's components as libp2p's relay server sees them, with two hooks: the hop protocol's
 * handler runs inside a context naming its stream and connection, and the connection gater's relay
 * checks consult the {@link CircuitLedger} (circuits per peer, per network address, in all) after
 * the host's own gater. Everything else is the host's own.
 *
 * @param components - The host's components.
 * @param init - The ledger and the reservation check.
 * @returns The components to build the relay server with.
 */
export function relayComponents(
  components: CircuitRelayServerComponents,
  init: RelayComponentsInit,
): CircuitRelayServerComponents {
  const hop = new AsyncLocalStorage<HopContext>();
  const hostGater = components.connectionGater;
  const connectionGater: ConnectionGater = {
    ...bindAll(hostGater),
    denyInboundRelayReservation: async (peer) => {
      if ((await hostGater.denyInboundRelayReservation?.(peer)) === true) return true;
      if (init.reservationFull(peer)) init.ledger.reservationRefused();
      return false;
    },
    denyOutboundRelayedConnection: async (source, destination) => {
      if ((await hostGater.denyOutboundRelayedConnection?.(source, destination)) === true) return true;
      const context = hop.getStore();
      if (context === undefined) return false;
      return init.ledger.admit(context.stream, context.connection) !== undefined;
    },
  };
  const hostRegistrar = components.registrar;
  const registrar = new Proxy(hostRegistrar, {
    get(target, property) {
      if (property === "handle") {
        const handle: CircuitRelayServerComponents["registrar"]["handle"] = async (
          protocol,
          handler,
          options,
        ) => {
          const wrapped: StreamHandler =
            protocol === RELAY_V2_HOP_CODEC
              ? (stream, connection) => hop.run({ stream, connection }, () => handler(stream, connection))
              : handler;
          return target.handle(protocol, wrapped, options);
        };
        return handle;
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return new Proxy(components, {
    get(target, property) {
      if (property === "connectionGater") return connectionGater;
      if (property === "registrar") return registrar;
      return Reflect.get(target, property) as unknown;
    },
  });
}

/** The gater's own methods, bound, as a plain object. */
function bindAll(gater: ConnectionGater): ConnectionGater {
  const bound: Record<string, unknown> = {};
  for (const key of Object.keys(gater)) {
    const value: unknown = Reflect.get(gater, key);
    bound[key] = typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(gater) : value;
  }
  return bound;
}
