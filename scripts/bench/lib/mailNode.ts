import { generateKeyPair } from "@libp2p/crypto/keys";

import type { LocalChain } from "../../lib/localChain.js";
import { startLocalChain } from "../../lib/localChain.js";
import { BenchRegistry } from "./chain.js";
import type { NodeProcessInit } from "./nodeProcess.js";
import { WaymarkNodeProcess } from "./nodeProcess.js";

/**
 * Per-peer rates raised out of the way, for benchmarks in which a few peers stand for many users:
 * the node's defaults (20 pushes/s, 1 MiB/s and 10 queries/s per peer) would measure the limits,
 * not the node.
 */
export const RAISED_PEER_RATES = {
  pushesPerSecond: 1_000_000_000,
  pushBurst: 1_000_000_000,
  bytesPerSecond: 1_000_000_000_000,
  bytesBurst: 1_000_000_000_000,
  queriesPerSecond: 1_000_000_000,
  queryBurst: 1_000_000_000,
} as const;

/** A chain, a registry with one default provider, and one registered `waymark-node` process. */
export interface MailBench {
  readonly chain: LocalChain;
  readonly registry: BenchRegistry;
  readonly node: WaymarkNodeProcess;
  /** Stops the node (by pid), then the chain. */
  stop(): Promise<void>;
}

/**
 * Starts a chain and a registry, registers a fresh node key under a default provider, and starts
 * `waymark-node start` with that key. The node alone serves the mail service, so it does not wait
 * for other mail servers at start (`catchUpWaitMs: 0`).
 *
 * @param init - Node options beside the registry, chain and key.
 * @returns The running set-up.
 */
export async function startMailBench(
  init: Omit<NodeProcessInit, "registry" | "rpcUrl" | "key"> = {},
): Promise<MailBench> {
  const chain = await startLocalChain();
  try {
    const registry = await BenchRegistry.deploy(chain);
    const providerId = await registry.addProvider();
    const key = await generateKeyPair("secp256k1");
    await registry.registerNode(key, providerId);
    const node = await WaymarkNodeProcess.start({
      ...init,
      registry: registry.address,
      rpcUrl: chain.rpcUrl,
      key,
      mail: { catchUpWaitMs: 0, ...init.mail },
    });
    return {
      chain,
      registry,
      node,
      async stop() {
        await node.stop();
        await chain.close();
      },
    };
  } catch (err) {
    await chain.close();
    throw err;
  }
}
