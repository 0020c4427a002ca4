import type { CircuitRelayService, CircuitRelayServerComponents } from "@libp2p/circuit-relay-v2";
import { circuitRelayServer } from "@libp2p/circuit-relay-v2";
import type { ServiceFactoryMap } from "libp2p";

import type { NodeServiceContext, NodeServiceModule } from "../services/types.js";
import { CircuitLedger } from "./circuits.js";
import { relayComponents } from "./components.js";
import { CIRCUIT_RELAY_KEY, RELAY_RUNTIME_KEY } from "./constants.js";
import type { RelayLimits, RelayLimitsInit } from "./options.js";
import { parseRelayOptions, resolveRelayLimits } from "./options.js";
import { RelayRuntime } from "./service.js";

/** The registry service name of the relay service, version 1. */
export const RELAY_SERVICE = "relay/1";

/**
 * The libp2p services of a relay: libp2p's circuit relay v2 server (under `circuitRelay`) with the
 * limits given, and the runtime that reports it (under `relay`).
 *
 * @param limits - The relay's limits, resolved.
 * @returns The service factories.
 */
export function relayServices(limits: RelayLimits): ServiceFactoryMap<Record<string, unknown>> {
  const ledger = new CircuitLedger(limits);
  let server: CircuitRelayService | undefined;
  return {
    [CIRCUIT_RELAY_KEY]: (components: CircuitRelayServerComponents) => {
      server = circuitRelayServer({
        hopTimeout: limits.hopTimeoutMs,
        reservations: {
          maxReservations: limits.maxReservations,
          reservationTtl: limits.reservationTtlMs,
          applyDefaultLimit: limits.applyLimits,
          defaultDataLimit: BigInt(limits.circuitDataLimitBytes),
          defaultDurationLimit: limits.circuitDurationLimitMs,
        },
      })(
        relayComponents(components, {
          ledger,
          reservationFull: (peer) =>
            server !== undefined &&
            server.reservations.size >= limits.maxReservations &&
            !server.reservations.has(peer),
        }),
      );
      return server;
    },
    [RELAY_RUNTIME_KEY]: () => new RelayRuntime(ledger, () => server, limits),
  };
}

/**
 * The `relay/1` service module the node daemon mounts: libp2p's circuit relay v2 server with
 * explicit limits (the `relay` section of the configuration, see `RELAY_OPTIONS`), reported in
 * `/status` and `/metrics`. The node is registered, announced, verified and selected like any
 * other kind; services behind NAT reserve a slot on it and callers reach them through it.
 *
 * @param overrides - Limits that take precedence over the configuration section (tests, tools).
 * @returns The module.
 * @example
 * ```ts
 * const SERVICE_CATALOG = { "relay/1": async () => [relayModule()] };
 * ```
 */
export function relayModule(overrides: RelayLimitsInit = {}): NodeServiceModule {
  return {
    service: RELAY_SERVICE,
    runtimeKey: RELAY_RUNTIME_KEY,
    create(context: NodeServiceContext) {
      const limits = resolveRelayLimits({ ...parseRelayOptions(context.options), ...overrides });
      context.logger.info({ limits }, "relay limits");
      return relayServices(limits);
    },
  };
}
