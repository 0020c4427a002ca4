import type { Libp2p } from "@libp2p/interface";
import { afterEach, beforeAll } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import type { Chain } from "../../../scripts/kit/chain.js";
import { deployRegistry } from "../../../scripts/kit/registry.js";
import { useChain } from "../../helpers/hooks.js";
import { Fleet } from "./fleet.js";

/** What {@link useFleet} gives a suite; every accessor is read inside tests only. */
export interface FleetSuite {
  /** The chain, started before the file's tests and closed after them. */
  chain(): Chain;
  /** The registry's address, deployed on that chain before the file's tests. */
  registry(): string;
  /** This test's fleet on that chain and registry: made at its first call in a test, cleaned up after it. */
  fleet(): Fleet;
  /** A fresh libp2p host on loopback, stopped after the test. */
  host(): Promise<Libp2p>;
}

/**
 * Sets up a suite of attacks on real node processes: a chain and a registry for the file's tests,
 * and for each test a {@link Fleet} and the attacking hosts. After each test the hosts stop, then
 * the fleet's processes are killed and their homes removed.
 *
 * @returns The suite's accessors.
 * @example
 * const suite = useFleet();
 * it("…", async () => {
 *   const server = await suite.fleet().start(await suite.fleet().prepare());
 *   const attacker = await suite.host();
 * });
 */
export function useFleet(): FleetSuite {
  const chain = useChain();
  let registry: string | undefined;
  let fleet: Fleet | undefined;
  const hosts: Libp2p[] = [];

  beforeAll(async () => {
    registry = await deployRegistry(chain.current);
  });
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
    await fleet?.cleanup();
    fleet = undefined;
  });

  const registryAddress = (): string => {
    if (registry === undefined) throw new Error("the registry is read before its beforeAll hook ran");
    return registry;
  };
  return {
    chain: () => chain.current,
    registry: registryAddress,
    fleet() {
      fleet ??= new Fleet(chain.current.rpcUrl, registryAddress());
      return fleet;
    },
    async host() {
      const host = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
      hosts.push(host);
      return host;
    },
  };
}
