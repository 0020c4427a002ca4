import type { Libp2p } from "@libp2p/interface";

/**
 * libp2p's own connection monitor of a host, if it runs one. libp2p keeps it among its components
 * only then; asking for a component it does not have throws or answers undefined.
 *
 * @param host - The host.
 * @returns The monitor, or undefined when libp2p runs none.
 */
export function libp2pMonitorOf(host: Libp2p): unknown {
  const components = (host as unknown as { components: Record<string, unknown> }).components;
  try {
    return components.connectionMonitor;
  } catch {
    return undefined;
  }
}
