/**
 * The server side of the discovery benchmark, in a process of its own so that the client being
 * measured has the benchmark's process to itself: a Hardhat chain with a registry, and N libp2p
 * hosts on 127.0.0.1 in DHT server mode that announce the mail service key. Three quarters are
 * registered under four default providers (each publishing its address as a bootstrap record);
 * every fourth is rogue: it announces the same key but is not in the registry.
 *
 * Run: `node --import tsx scripts/bench/discovery/farm.ts <nodes>`. Prints one JSON line
 * `{"msg":"farm ready",…}` when everything is up, and stops everything on SIGTERM.
 */
import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";

import { nodeWallet } from "../../../client/kernel/identity/nodeKey.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import { MAIL_SERVICE } from "../../../client/kernel/service/serviceId.js";
import { serviceKey } from "../../../client/kernel/service/serviceKey.js";
import { startChain } from "../../kit/chain.js";
import { deployBenchRegistry } from "../lib/chain.js";

/** Providers the registered nodes are spread over. */
const PROVIDERS = 4;
/** Earlier nodes each new node dials to join the DHT. */
const JOIN_DIALS = 3;
/** Nodes announcing at once. */
const ANNOUNCE_CONCURRENCY = 10;

/** One node of the farm, as the ready line reports it. */
export interface FarmNode {
  readonly peerId: string;
  /** Node address. */
  readonly node: string;
  readonly multiaddr: string;
  /** False for a rogue node. */
  readonly registered: boolean;
}

/** The ready line. */
export interface FarmReady {
  readonly msg: "farm ready";
  readonly rpcUrl: string;
  readonly registry: string;
  readonly nodes: readonly FarmNode[];
  readonly setupSeconds: number;
  /** Seconds each setup phase took. */
  readonly phases: Readonly<Record<string, number>>;
}

const count = Number(process.argv[2] ?? 10);
const started = performance.now();
const phases: Record<string, number> = {};
let phaseStart = started;
const phase = (name: string): void => {
  const now = performance.now();
  phases[name] = (now - phaseStart) / 1000;
  phaseStart = now;
};
const chain = await startChain();
const hosts: Libp2p<BaseServices>[] = [];
const stop = async (): Promise<void> => {
  await Promise.allSettled(hosts.map(async (host) => host.stop()));
  await chain.close();
};
process.once("SIGTERM", () => {
  void stop().finally(() => process.exit(0));
});

phase("chain");
const registry = await deployBenchRegistry(chain);
const providers: bigint[] = [];
for (let i = 0; i < PROVIDERS; i++) providers.push(await registry.addProvider());
const key = serviceKey({ chainId: registry.chainId, registry: registry.address, service: MAIL_SERVICE });

phase("registry and providers");
const keys = await Promise.all(Array.from({ length: count }, async () => generateKeyPair("secp256k1")));
for (let i = 0; i < count; i += 10) {
  hosts.push(
    ...(await Promise.all(
      keys.slice(i, i + 10).map(async (privateKey) =>
        createWaymarkHost({
          privateKey,
          dhtClientMode: false,
          connectionManager: { ...LOOPBACK_CONNECTION_SETTINGS, maxConnections: 2_000 },
        }),
      ),
    )),
  );
}
phase("hosts");
// Each node joins through a few nodes started before it, as it would through bootstrap records.
await Promise.all(
  hosts.map(async (host, index) => {
    for (let dial = 0; dial < Math.min(JOIN_DIALS, index); dial++) {
      const peer = hosts[Math.floor(Math.random() * index)];
      if (peer !== undefined) await host.dial(peer.getMultiaddrs()).catch(() => undefined);
    }
  }),
);
phase("join");
const nodes: FarmNode[] = keys.map((privateKey, index) => ({
  peerId: peerIdFromPrivateKey(privateKey).toString(),
  node: nodeWallet(privateKey).address,
  multiaddr: hosts[index]?.getMultiaddrs()[0]?.toString() ?? "",
  registered: index % 4 !== 3,
}));
await registry.registerNodes(
  nodes.flatMap((node, index) => {
    const key = keys[index];
    if (!node.registered || key === undefined) return [];
    return [{ key, providerId: providers[index % PROVIDERS] ?? 1n, bootstrap: [node.multiaddr] }];
  }),
);

phase("register");
// Every node, rogue or not, announces the service key, as `waymark-node` does once its service is ready.
let next = 0;
await Promise.all(
  Array.from({ length: ANNOUNCE_CONCURRENCY }, async () => {
    for (let host = hosts[next++]; host !== undefined; host = hosts[next++]) {
      for await (const _event of host.services.dht.provide(key)) {
        // The records are stored as the query runs.
      }
    }
  }),
);

phase("announce");
const ready: FarmReady = {
  msg: "farm ready",
  rpcUrl: chain.rpcUrl,
  registry: registry.address,
  nodes,
  setupSeconds: (performance.now() - started) / 1000,
  phases,
};
console.log(JSON.stringify(ready));
