import { generateKeyPair } from "@libp2p/crypto/keys";

import type { Chain } from "../../kit/chain.js";
import { startChain } from "../../kit/chain.js";
import type { PostgresServer } from "../../kit/postgres.js";
import { startPostgres } from "../../kit/postgres.js";
import type { NodeProcess } from "../../kit/nodeProcess.js";
import { startNodeProcess } from "../../kit/nodeProcess.js";
import type { RegistryWorld } from "../../kit/registry.js";
import { TempDirs } from "../../kit/tempDirs.js";
import { deployBenchRegistry } from "./chain.js";

/** The store backends a mail bench node can run on. */
export type MailBenchBackend = "sqlite" | "postgres";

/** Node options of {@link startMailBench}. */
export interface MailBenchInit {
  /** The node's data directory (kept at stop); a fresh temporary one (removed at stop) when absent. */
  dataDir?: string | undefined;
  /** More node options for the configuration file (see `waymark-node config`). */
  config?: Record<string, unknown> | undefined;
  /** The `mail` section of `serviceOptions`. */
  mail?: Record<string, unknown> | undefined;
  /**
   * The node's mail store: `sqlite` (its data directory) or `postgres` (a throwaway PostgreSQL
   * server started for this bench, its URL given in `WAYMARK_PG_URL` as an operator gives it).
   * @default "sqlite"
   */
  backend?: MailBenchBackend | undefined;
  /** Write a V8 CPU profile of the node to this folder when it stops (`--cpu-prof`). */
  cpuProfileDir?: string | undefined;
}

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
  readonly chain: Chain;
  readonly registry: RegistryWorld;
  readonly node: NodeProcess;
  /** The PostgreSQL server holding the node's store, when the backend is `postgres`. */
  readonly postgres: PostgresServer | undefined;
  /** Stops the node (by pid), then the chain (and PostgreSQL), and removes the node's data. */
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
export async function startMailBench(init: MailBenchInit = {}): Promise<MailBench> {
  const chain = await startChain();
  const dirs = new TempDirs("waymark-bench-node-");
  let postgres: PostgresServer | undefined;
  try {
    if (init.backend === "postgres") postgres = await startPostgres();
    const registry = await deployBenchRegistry(chain);
    const providerId = await registry.addProvider();
    const key = await generateKeyPair("secp256k1");
    await registry.registerNode(key, { providerId });
    const node = await startNodeProcess({
      dir: init.dataDir ?? (await dirs.make()),
      registry: registry.address,
      rpcUrl: chain.rpcUrl,
      key,
      config: { logLevel: "info", ...init.config },
      mail: { catchUpWaitMs: 0, ...(postgres === undefined ? {} : { store: "postgres" }), ...init.mail },
      env: postgres === undefined ? undefined : { WAYMARK_PG_URL: postgres.url },
      nodeFlags:
        init.cpuProfileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${init.cpuProfileDir}`],
      killOnExit: true,
    });
    return {
      chain,
      registry,
      node,
      postgres,
      async stop() {
        await node.stop();
        await chain.close();
        await postgres?.stop();
        await dirs.cleanup();
      },
    };
  } catch (err) {
    await chain.close();
    await postgres?.stop();
    await dirs.cleanup();
    throw err;
  }
}
