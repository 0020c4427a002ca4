import { generateKeyPair } from "@libp2p/crypto/keys";

import { RECORDS_SERVICE } from "../../../client/kernel/service/serviceId.js";
import type { NodeProcess } from "../../kit/nodeProcess.js";
import { startNodeProcess } from "../../kit/nodeProcess.js";
import type { RegistryWorld } from "../../kit/registry.js";

/**
 * Per-peer and per-address rates raised out of the way, for a benchmark in which a few peers on
 * one address stand for many users: the node's defaults (10 puts/s and 50 reads/s per peer; 100
 * puts/s and 500 reads/s per address, which loopback is exempt from anyway) would measure the
 * limits, not the node. The per-owner rate (1 put/s, burst 10) stays at its default: the benchmark
 * puts at most 8 records per owner, within the burst.
 */
export const RAISED_RECORDS_RATES = {
  putsPerSecondPerPeer: 1_000_000_000,
  putBurstPerPeer: 1_000_000_000,
  readsPerSecondPerPeer: 1_000_000_000,
  readBurstPerPeer: 1_000_000_000,
  putsPerSecondPerAddress: 1_000_000_000,
  putBurstPerAddress: 1_000_000_000,
  readsPerSecondPerAddress: 1_000_000_000,
  readBurstPerAddress: 1_000_000_000,
} as const;

/** Options of {@link startRecordsNode}. */
export interface RecordsNodeInit {
  /** The registry, with its chain. */
  world: RegistryWorld;
  /** The provider that registers the node. */
  providerId: bigint;
  /** The folder of the node's configuration, key and data (the store is under `services/records/`). */
  dir: string;
  /** The `records` section of `serviceOptions`. */
  records: Record<string, unknown>;
  /** Peers to join the DHT through. @default none */
  bootstrap?: readonly string[] | undefined;
  /** A label for messages. @default "waymark-node" */
  name?: string | undefined;
  /** Extra environment variables of the node (the PostgreSQL URL, in `WAYMARK_PG_URL`). */
  env?: Record<string, string> | undefined;
  /** Write a V8 CPU profile of the node to this folder when it stops (`--cpu-prof`). */
  cpuProfileDir?: string | undefined;
}

/**
 * Registers a fresh node key for `records/1` under a provider and starts `waymark-node start`
 * with `--service records/1` on it, waiting until its services are ready.
 *
 * @param init - Registry, provider, folder, records options, bootstrap peers, environment.
 * @returns The running node.
 */
export async function startRecordsNode(init: RecordsNodeInit): Promise<NodeProcess> {
  const key = await generateKeyPair("secp256k1");
  await init.world.registerNode(key, { providerId: init.providerId, service: RECORDS_SERVICE });
  return startNodeProcess({
    name: init.name,
    dir: init.dir,
    registry: init.world.address,
    rpcUrl: init.world.chain.rpcUrl,
    key,
    config: {
      logLevel: "info",
      bootstrap: init.bootstrap ?? [],
      serviceOptions: { records: init.records },
    },
    args: ["--service", RECORDS_SERVICE],
    env: init.env,
    nodeFlags: init.cpuProfileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${init.cpuProfileDir}`],
    until: "ready",
    killOnExit: true,
  });
}
