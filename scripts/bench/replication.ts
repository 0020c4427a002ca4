/**
 * `npm run bench:replication`: the time from a push's acknowledgement on one node until the
 * envelope can be read from each of the other nodes of a 5-node network of real `waymark-node
 * start` processes, registered in the registry and replicating among themselves; measured on an
 * idle network and under steady background pushes. Writes `results/replication.json`.
 */
import { setTimeout } from "node:timers/promises";

import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey, peerIdFromString } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";

import { ensureBuilt } from "./lib/build.js";
import { startChain } from "../kit/chain.js";
import { deployBenchRegistry } from "./lib/chain.js";
import type { LoadClient } from "./lib/loadClient.js";
import { startLoadClient } from "./lib/loadClient.js";
import { RAISED_PEER_RATES } from "./lib/mailNode.js";
import { benchMode } from "./lib/mode.js";
import { machineLoad, sampleMachine } from "./lib/machineLoad.js";
import { freePort } from "../kit/freePort.js";
import type { NodeProcess } from "../kit/nodeProcess.js";
import { startNodeProcess } from "../kit/nodeProcess.js";
import { TempDirs } from "../kit/tempDirs.js";
import { coresUsed, sampleProcess } from "./lib/procStats.js";
import { writeResults } from "./lib/results.js";
import type { LagSample, NodeLink } from "./replication/lag.js";
import { backgroundTraffic, measureLag } from "./replication/lag.js";
import type { LagPhase, PhaseLoad } from "./replication/report.js";
import { renderReplication, summarizePhase } from "./replication/report.js";

const mode = benchMode();
const SETTINGS = {
  quick: { samples: 40, backgroundPerSecond: 250 },
  full: { samples: 300, backgroundPerSecond: 250 },
}[mode];
const NODES = 5;
/** Mail options beside the defaults: the measuring client asks each node many times a second. */
const MAIL_OPTIONS = { ...RAISED_PEER_RATES };

await ensureBuilt();
const chain = await startChain();
const nodes: NodeProcess[] = [];
const dirs = new TempDirs("waymark-bench-node-");
const phases: LagPhase[] = [];
try {
  const registry = await deployBenchRegistry(chain);
  const providerId = await registry.addProvider();
  const keys = await Promise.all(Array.from({ length: NODES }, async () => generateKeyPair("secp256k1")));
  await registry.registerNodes(keys.map((key) => ({ key, providerId })));
  const ports = await Promise.all(keys.map(async () => freePort()));
  const addresses = keys.map(
    (key, i) => `/ip4/127.0.0.1/tcp/${ports[i] ?? 0}/p2p/${peerIdFromPrivateKey(key).toString()}`,
  );
  // Each node knows the others from its configuration; the registry decides whom it replicates with.
  nodes.push(
    ...(await Promise.all(
      keys.map(async (key, i) =>
        startNodeProcess({
          name: `waymark-node ${i + 1}`,
          dir: await dirs.make(),
          registry: registry.address,
          rpcUrl: chain.rpcUrl,
          key,
          listen: [`/ip4/127.0.0.1/tcp/${ports[i] ?? 0}`],
          config: {
            logLevel: "info",
            bootstrap: addresses.filter((_, j) => j !== i),
            registryBootstrap: false,
          },
          mail: MAIL_OPTIONS,
          killOnExit: true,
        }),
      ),
    )),
  );
  await waitForMesh(nodes);

  const client = await startLoadClient(addresses[0] ?? "");
  const backgroundClient = await startLoadClient(addresses[0] ?? "");
  try {
    const linksOf = async (from: LoadClient): Promise<NodeLink[]> =>
      Promise.all(
        addresses.map(async (address, i) => ({
          peer: peerIdFromString(nodes[i]?.peerId ?? ""),
          connection: i === 0 ? from.connection : await from.host.dial(multiaddr(address)),
        })),
      );
    const links = await linksOf(client);
    let topic = 0;
    const sample = async (count: number): Promise<LagSample[]> => {
      const samples: LagSample[] = [];
      for (let i = 0; i < count; i++) {
        samples.push(await measureLag(links, topic % NODES, `/bench/replication/${topic}`));
        topic += 1;
        await setTimeout(10);
      }
      return samples;
    };
    await sample(5);
    const idle = await withLoad(nodes, async () => sample(SETTINGS.samples));
    phases.push(summarizePhase("idle network", idle.result, undefined, idle.load));
    const stop = new AbortController();
    const traffic = backgroundTraffic(
      await linksOf(backgroundClient),
      SETTINGS.backgroundPerSecond,
      stop.signal,
    );
    await setTimeout(1_000);
    const loaded = await withLoad(nodes, async () => sample(SETTINGS.samples));
    stop.abort();
    const background = await traffic;
    phases.push(
      summarizePhase(
        `${SETTINGS.backgroundPerSecond} background pushes/s`,
        loaded.result,
        background,
        loaded.load,
      ),
    );
  } finally {
    await client.host.stop();
    await backgroundClient.host.stop();
  }
} finally {
  await Promise.all(nodes.map(async (node) => node.stop()));
  await dirs.cleanup();
  await chain.close();
}

const settings = { nodes: NODES, ...SETTINGS, mailOptions: MAIL_OPTIONS };
console.log(renderReplication({ phases, settings }));
await writeResults("replication", mode, { settings, phases });

/**
 * Runs a phase and measures the CPU it took: all nodes together, and this process (the client).
 *
 * @param running - The nodes.
 * @param phase - The phase.
 * @returns Its result and the cores used on average.
 */
async function withLoad<T>(
  running: readonly NodeProcess[],
  phase: () => Promise<T>,
): Promise<{ result: T; load: PhaseLoad }> {
  const before = running.map((node) => sampleProcess(node.pid));
  const ownBefore = process.cpuUsage();
  const machineBefore = sampleMachine();
  const started = performance.now();
  const result = await phase();
  const elapsedMs = performance.now() - started;
  const machine = machineLoad(machineBefore, sampleMachine());
  const own = process.cpuUsage(ownBefore);
  const nodesCores = running.reduce((sum, node, i) => {
    const first = before[i];
    return first === undefined ? sum : sum + coresUsed(first, sampleProcess(node.pid));
  }, 0);
  const clientCores = (own.user + own.system) / 1000 / elapsedMs;
  return {
    result,
    load: { nodesCores, clientCores, otherCores: Math.max(0, machine.busyCores - nodesCores - clientCores) },
  };
}

/**
 * Waits until every node replicates with all the others (its status counts them as registered
 * mail servers).
 *
 * @param running - The nodes.
 */
async function waitForMesh(running: readonly NodeProcess[]): Promise<void> {
  const deadline = performance.now() + 120_000;
  for (;;) {
    const peers = await Promise.all(
      running.map(async (node) => {
        const status = await node.status();
        const mail = (status.services as { mail?: { replication?: { peers?: number } } }).mail;
        return mail?.replication?.peers ?? 0;
      }),
    );
    if (peers.every((count) => count === running.length - 1)) return;
    if (performance.now() > deadline)
      throw new Error(`the nodes did not all find each other: ${peers.join(", ")}`);
    await setTimeout(200);
  }
}
