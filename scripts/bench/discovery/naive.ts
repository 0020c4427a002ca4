import { multiaddr } from "@multiformats/multiaddr";

import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import { getBootstrapRecords } from "../../../client/kernel/registry/bootstrap.js";
import { connectRegistry } from "../../../client/kernel/registry/connect.js";
import { verifyNodes } from "../../../client/kernel/registry/verifyNodes.js";
import { chooseAmongFastest } from "../../../client/selection/chooseAmongFastest.js";
import { MAIL_SERVICE } from "../../../client/kernel/service/serviceId.js";

/** One cold naive client's way to a selected server. */
export interface NaiveRun {
  /** From connecting to the registry to the selection, in ms. */
  readonly totalMs: number;
  /** Registry connection and libp2p host, as the Waymark client makes them. */
  readonly setupMs: number;
  /** Reading every node's published address from the registry. */
  readonly enumerateMs: number;
  /** Checking each node in turn: one registry call, then a dial and a ping. */
  readonly checkMs: number;
  /** Nodes the registry listed. */
  readonly listed: number;
  /** Of those, how many were trusted and answered. */
  readonly reachable: number;
  /** Peer id of the selected server. */
  readonly selected: string;
}

/**
 * Measures the naive way to a server: enumerate every node the registry lists with its address,
 * then for each in turn ask the registry whether it is trusted (one `verifyNodes` call per node)
 * and dial and ping it; finally pick, as the Waymark client does, at random among the fastest.
 *
 * @param rpcUrl - The chain.
 * @param registryAddress - The registry address.
 * @returns The timings and what was found.
 */
export async function naiveRun(rpcUrl: string, registryAddress: string): Promise<NaiveRun> {
  const started = performance.now();
  const registry = await connectRegistry({ rpcUrl, address: registryAddress });
  const host = await createWaymarkHost({ dhtClientMode: true, listen: [] });
  try {
    const setup = performance.now();
    const records = await getBootstrapRecords(registry, { service: MAIL_SERVICE });
    const enumerated = performance.now();
    const reachable: { peerId: string; rttMs: number }[] = [];
    for (const record of records) {
      const [verification] = await verifyNodes(registry, { nodes: [record.node], service: MAIL_SERVICE });
      const address = record.multiaddrs[0];
      if (verification?.trusted !== true || address === undefined) continue;
      try {
        const rttMs = await host.services.ping.ping(multiaddr(address), {
          signal: AbortSignal.timeout(2_000),
        });
        reachable.push({ peerId: address.slice(address.lastIndexOf("/") + 1), rttMs });
      } catch {
        // Unreachable: not a choice.
      }
    }
    if (reachable.length === 0) throw new Error("the naive client reached no node");
    const { chosen } = chooseAmongFastest(reachable, { tolerance: 1.5, slackMs: 10, random: Math.random });
    const finished = performance.now();
    return {
      totalMs: finished - started,
      setupMs: setup - started,
      enumerateMs: enumerated - setup,
      checkMs: finished - enumerated,
      listed: records.length,
      reachable: reachable.length,
      selected: chosen.peerId,
    };
  } finally {
    await host.stop();
    registry.provider.destroy();
  }
}
