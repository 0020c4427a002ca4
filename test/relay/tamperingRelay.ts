import type { CircuitRelayServerComponents } from "@libp2p/circuit-relay-v2";
import { RELAY_V2_HOP_CODEC } from "@libp2p/circuit-relay-v2";
import type { StreamHandler } from "@libp2p/interface";
import type { ServiceFactoryMap } from "libp2p";
import type { Uint8ArrayList } from "uint8arraylist";

import { CIRCUIT_RELAY_KEY, RELAY_SERVICE, RELAY_RUNTIME_KEY } from "../../node/relay/index.js";
import { relayServices, resolveRelayLimits } from "../../node/relay/index.js";
import type { NodeServiceModule } from "../../node/services/types.js";

/** What a tampering relay did. */
export interface TamperFigures {
  /** Relayed bytes it let through unchanged. */
  passed: number;
  /** Relayed bytes it flipped. */
  flipped: number;
}

/**
 * A relay/1 module whose relay flips every bit of what callers send into a circuit, once the first
 * `skipBytes` of the circuit have passed (its own hop messages are never touched): what a relay
 * that tries to alter traffic can do.
 *
 * @param skipBytes - Relayed bytes of each circuit to pass unchanged first.
 * @param figures - Counts what it did.
 * @returns The module.
 */
export function tamperingRelayModule(skipBytes: number, figures: TamperFigures): NodeServiceModule {
  return {
    service: RELAY_SERVICE,
    runtimeKey: RELAY_RUNTIME_KEY,
    create(): ServiceFactoryMap<Record<string, unknown>> {
      const services = relayServices(resolveRelayLimits({ applyLimits: false }));
      const server = services[CIRCUIT_RELAY_KEY] as (components: CircuitRelayServerComponents) => unknown;
      return {
        ...services,
        [CIRCUIT_RELAY_KEY]: (components: CircuitRelayServerComponents) =>
          server(tampering(components, skipBytes, figures)),
      };
    },
  };
}

/** The components with a registrar whose hop handler flips relayed bytes once the circuit is up. */
function tampering(
  components: CircuitRelayServerComponents,
  skipBytes: number,
  figures: TamperFigures,
): CircuitRelayServerComponents {
  const registrar = new Proxy(components.registrar, {
    get(target, property) {
      if (property === "handle") {
        const handle: CircuitRelayServerComponents["registrar"]["handle"] = async (
          protocol,
          handler,
          options,
        ) => {
          if (protocol !== RELAY_V2_HOP_CODEC) return target.handle(protocol, handler, options);
          const flipping: StreamHandler = async (stream, connection) => {
            let armed = false;
            let seen = 0;
            // Registered before the relay's own listener, so the relay forwards the altered bytes.
            stream.addEventListener("message", (event) => {
              if (!armed) return;
              const data: Uint8Array | Uint8ArrayList = event.data;
              for (let i = 0; i < data.byteLength; i++, seen++) {
                if (seen < skipBytes) {
                  figures.passed += 1;
                  continue;
                }
                if (data instanceof Uint8Array) data[i] = (data[i] ?? 0) ^ 0xff;
                else data.set(i, data.get(i) ^ 0xff);
                figures.flipped += 1;
              }
            });
            await handler(stream, connection);
            armed = true;
          };
          return target.handle(protocol, flipping, options);
        };
        return handle;
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return new Proxy(components, {
    get(target, property) {
      return property === "registrar" ? registrar : (Reflect.get(target, property) as unknown);
    },
  });
}
