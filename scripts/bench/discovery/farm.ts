/**
 * The server side of the discovery benchmark, in processes of its own so that the client being
 * measured has the benchmark's process to itself: a Hardhat chain with a registry (a `hardhat node`
 * process), and N server nodes' libp2p hosts on 127.0.0.1 that announce the mail service key
 * ({@link FarmNodes}), in this process or spread over worker processes (`farmWorker.ts`). Three quarters are registered
 * under four default providers (each publishing its address as a bootstrap record); every fourth
 * is rogue: it announces the same key but is not in the registry.
 *
 * Run: `node --import tsx scripts/bench/discovery/farm.ts <nodes> [<worker processes>]` (0, the
 * default: the nodes run in this process). Prints one JSON line `{"msg":"farm ready",…}` when
 * everything is up (with the pids of every farm process, for CPU accounting), and stops
 * everything on SIGTERM.
 */
import { generateKeyPair, privateKeyToProtobuf } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";

import { nodeWallet } from "../../../client/kernel/identity/nodeKey.js";
import { MAIL_SERVICE } from "../../../client/kernel/service/serviceId.js";
import { serviceKey } from "../../../client/kernel/service/serviceKey.js";
import { startChain } from "../../kit/chain.js";
import { deployBenchRegistry } from "../lib/chain.js";
import { FarmNodes } from "./farmNodes.js";
import { FarmWorkerProcess } from "./farmWorkerProcess.js";
import { recordStallsToFile } from "./stalls.js";

/** Providers the registered nodes are spread over. */
const PROVIDERS = 4;

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
  /**
   * Every process of the farm: this one (the nodes, without workers) first, then the workers, then
   * the chain's.
   */
  readonly pids: readonly number[];
  /** The chain's process (`hardhat node`). */
  readonly chainPid: number;
  /** Worker processes the nodes run in; 0 when they run in this one. */
  readonly workers: number;
  readonly setupSeconds: number;
  /** Seconds each setup phase took. */
  readonly phases: Readonly<Record<string, number>>;
}

/** A share of the nodes: in this process, or in a worker process. */
type Share = Pick<FarmWorkerProcess, "pid" | "start" | "join" | "announce" | "stop">;

/** The nodes in this process. */
class LocalShare extends FarmNodes implements Share {
  readonly pid = process.pid;
}

recordStallsToFile();
const count = Number(process.argv[2] ?? 10);
const workers = Number(process.argv[3] ?? 0);
const started = performance.now();
const phases: Record<string, number> = {};
let phaseStart = started;
const phase = (name: string): void => {
  const now = performance.now();
  phases[name] = (now - phaseStart) / 1000;
  phaseStart = now;
};
// The chain is a `hardhat node` process of its own, as an RPC endpoint is: its answers do not
// wait behind the nodes' work. It keeps the memory it frees, as an endpoint serving other users
// does: otherwise each run's first call after the settle pause pays for committing it again.
const chain = await startChain({ mode: "process", killOnExit: true, keepFreedMemory: true });
const chainPid = chain.process?.pid ?? process.pid;
const shares: Share[] =
  workers > 0 ? Array.from({ length: workers }, () => new FarmWorkerProcess()) : [new LocalShare()];
const stop = async (): Promise<void> => {
  await Promise.allSettled(shares.map(async (share) => share.stop()));
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
const perShare = Math.ceil(count / shares.length);
const addresses = (
  await Promise.all(
    shares.map(async (share, index) =>
      share.start(
        keys
          .slice(index * perShare, (index + 1) * perShare)
          .map((privateKey) => Buffer.from(privateKeyToProtobuf(privateKey)).toString("hex")),
      ),
    ),
  )
).flat();
phase("hosts");
await Promise.all(shares.map(async (share, index) => share.join(addresses, index * perShare)));
phase("join");
const nodes: FarmNode[] = keys.map((privateKey, index) => ({
  peerId: peerIdFromPrivateKey(privateKey).toString(),
  node: nodeWallet(privateKey).address,
  multiaddr: addresses[index] ?? "",
  registered: index % 4 !== 3,
}));
await registry.registerNodes(
  nodes.flatMap((node, index) => {
    const privateKey = keys[index];
    if (!node.registered || privateKey === undefined) return [];
    return [{ key: privateKey, providerId: providers[index % PROVIDERS] ?? 1n, bootstrap: [node.multiaddr] }];
  }),
);

phase("register");
// Every node, rogue or not, announces the service key, as `waymark-node` does once its service is ready.
await Promise.all(shares.map(async (share) => share.announce(key)));

phase("announce");
const ready: FarmReady = {
  msg: "farm ready",
  rpcUrl: chain.rpcUrl,
  registry: registry.address,
  nodes,
  pids: [...new Set([process.pid, ...shares.map((share) => share.pid), chainPid])],
  chainPid,
  workers,
  setupSeconds: (performance.now() - started) / 1000,
  phases,
};
console.log(JSON.stringify(ready));
