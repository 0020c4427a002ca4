import type { Server } from "node:net";

import type { Libp2p } from "@libp2p/interface";
import { afterEach } from "vitest";

/**
 * Lists for the libp2p hosts and TCP listeners a test starts; after each test the hosts are
 * stopped and the listeners closed. Call it inside a `describe`.
 *
 * @returns The lists to add to.
 */
export function useHostsAndListeners(): { hosts: Libp2p[]; servers: Server[] } {
  const hosts: Libp2p[] = [];
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
    for (const server of servers.splice(0)) server.close();
  });
  return { hosts, servers };
}
