/**
 * `npm run bench:discovery`: how long a cold client takes from nothing to a verified, reachable,
 * selected server, with 10, 50 and 100 nodes on 127.0.0.1 of which a quarter are rogue (they
 * announce the service but are not in the registry); beside it, in the same run, the naive way:
 * enumerate the registry and dial and check every node in turn. Writes `results/discovery.json`.
 *
 * The nodes are libp2p hosts in a separate process with the chain, or with `--farm-processes N`
 * spread over N worker processes beside it (see `discovery/farm.ts`); the client runs in this
 * process, cold every time: a new client, host and registry connection per run. The farm's CPU
 * during each run is measured, and reported as the cores it used while the client was measured.
 *
 * Beside each figure, its floor measured in the same run, interleaved with it: one cold connection
 * and ping to one known server (TCP, Noise, Yamux; the host's creation not counted) plus one
 * `verifyNodes` call for five nodes; p50 is reported as a multiple of the floor's p50. Then the
 * partitioned case: three registered nodes, one of which is cut off once it has joined the DHT
 * and announced the service (it runs in a network namespace whose link is then cut, so that dials
 * to it hang as across a partition rather than being refused; without root, a stand-in on
 * 127.0.0.1, see `discovery/cutOffNode.ts`), measured the same way.
 *
 * Every process of the farm, and this one, records its event-loop stalls (`discovery/stalls.ts`);
 * each run is reported beside the stalls during it, and the slowest runs with their traces, so that
 * a run the farm held up is told from one the client itself waited out (`discovery/slowRuns.ts`).
 */
import { multiaddr } from "@multiformats/multiaddr";
import type { Libp2p } from "@libp2p/interface";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { connectRegistry } from "../../client/kernel/registry/connect.js";
import { verifyNodes } from "../../client/kernel/registry/verifyNodes.js";
import { MAIL_SERVICE } from "../../client/kernel/service/serviceId.js";
import { serviceKey } from "../../client/kernel/service/serviceKey.js";
import { nodeWallet } from "../../client/kernel/identity/nodeKey.js";
import { startChain } from "../kit/chain.js";
import { RegistryWorld } from "../kit/registry.js";
import type { Summary } from "./lib/stats.js";
import { rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";

import { errorLine } from "../../client/cli/output.js";
import type { CpuCost } from "./discovery/cpu.js";
import { cpuSecondsOf, withCpuCost } from "./discovery/cpu.js";
import { machineLoad, sampleMachine } from "./lib/machineLoad.js";
import { benchMode, flagNumbers } from "./lib/mode.js";
import { ChildProcessHandle } from "../kit/process.js";
import { writeResults } from "./lib/results.js";
import { summarize } from "./lib/stats.js";
import type { FarmReady } from "./discovery/farm.js";
import type { NaiveRun } from "./discovery/naive.js";
import { naiveRun } from "./discovery/naive.js";
import type { CutOffNode, Partition } from "./discovery/cutOffNode.js";
import { startCutOffNode } from "./discovery/cutOffNode.js";
import { settleFarm } from "./discovery/settle.js";
import type { DiscoverySize } from "./discovery/report.js";
import { DISCOVERY_TARGET, renderDiscovery } from "./discovery/report.js";
import type { WaymarkRun } from "./discovery/waymark.js";
import { waymarkRun } from "./discovery/waymark.js";
import { spanMedians, traceLines } from "./discovery/trace.js";
import { readStalls, slowRunsReport, StallSources } from "./discovery/slowRuns.js";
import type { Stall } from "./discovery/stalls.js";
import { STALL_THRESHOLD_MS, watchStalls } from "./discovery/stalls.js";

const mode = benchMode();
const SETTINGS = {
  quick: { sizes: [10, 25], runs: 15, warmup: 2, partitionedRuns: 15 },
  full: { sizes: [10, 50, 100], runs: 60, warmup: 3, partitionedRuns: 30 },
}[mode];
/** How many of the slowest runs of each size are kept with their traces and the processes' stalls. */
const SLOW_RUNS = 3;
/** This process's event-loop stalls (the client's), set against each run beside the farm's. */
const clientStalls: Stall[] = [];
watchStalls(STALL_THRESHOLD_MS, (stall) => clientStalls.push(stall));
/** `--partitioned-only` measures only the partitioned case, and writes no results file. */
const partitionedOnly = process.argv.includes("--partitioned-only");
if (partitionedOnly) SETTINGS.sizes = [];

/** The floor of one discovery: what any client must do at least once. */
interface FloorRun {
  /** A cold TCP + Noise + Yamux connection to one known server and one ping over it, in ms. */
  readonly connectPingMs: number;
  /** One `verifyNodes` call, in ms. */
  readonly verifyMs: number;
}

/**
 * Measures the floor against one server and the registry.
 *
 * @param server - A reachable server's multiaddr.
 * @param registry - The registry's RPC and address.
 * @param nodes - Node addresses to verify.
 * @returns The two parts of the floor.
 */
async function floorRun(
  server: string,
  registry: { rpcUrl: string; address: string },
  nodes: readonly string[],
): Promise<FloorRun> {
  const host = await createWaymarkHost({ dhtClientMode: true, dhtInitialSelfQueryDelayMs: 0 });
  let connectPingMs: number;
  try {
    const started = performance.now();
    await host.services.ping.ping(multiaddr(server));
    connectPingMs = performance.now() - started;
  } finally {
    await host.stop();
  }
  const connection = await connectRegistry({
    rpcUrl: registry.rpcUrl,
    address: registry.address,
    skipCheck: true,
  });
  try {
    const started = performance.now();
    await verifyNodes(connection, { nodes, service: MAIL_SERVICE });
    return { connectPingMs, verifyMs: performance.now() - started };
  } finally {
    connection.provider.destroy();
  }
}

/** A figure beside its floor. */
interface AgainstFloor {
  readonly waymark: Summary;
  readonly floor: Summary;
  readonly floorParts: { connectPingMs: Summary; verifyMs: Summary };
  /** Waymark's p50 over the floor's p50. */
  readonly p50OverFloor: number;
}

function againstFloor(totals: readonly number[], floors: readonly FloorRun[]): AgainstFloor {
  const waymark = summarize(totals);
  const floor = summarize(floors.map((run) => run.connectPingMs + run.verifyMs));
  return {
    waymark,
    floor,
    floorParts: {
      connectPingMs: summarize(floors.map((run) => run.connectPingMs)),
      verifyMs: summarize(floors.map((run) => run.verifyMs)),
    },
    p50OverFloor: waymark.p50 / floor.p50,
  };
}

function floorLine(label: string, figures: AgainstFloor): string {
  const { waymark, floor, floorParts } = figures;
  return (
    `${label}: p50 ${waymark.p50.toFixed(0)} ms, p95 ${waymark.p95.toFixed(0)}, p99 ${waymark.p99.toFixed(0)}; ` +
    `floor p50 ${floor.p50.toFixed(1)} ms (connect + ping ${floorParts.connectPingMs.p50.toFixed(1)}, ` +
    `verifyNodes ${floorParts.verifyMs.p50.toFixed(1)}); p50 = ${figures.p50OverFloor.toFixed(1)}× floor`
  );
}

/**
 * @param runs - Measured runs.
 * @returns The slowest one's total and trace (an empty trace when there is none).
 */
function slowest(runs: readonly WaymarkRun[]): Pick<WaymarkRun, "totalMs" | "trace"> {
  const run = runs.reduce<WaymarkRun | undefined>(
    (worst, next) => (worst === undefined || next.totalMs > worst.totalMs ? next : worst),
    undefined,
  );
  return { totalMs: run?.totalMs ?? Number.NaN, trace: run?.trace ?? [] };
}

/**
 * Three registered nodes of one default provider, announcing the service; the third is then cut
 * off (`discovery/cutOffNode.ts`: in a network namespace whose link is cut, where this process may
 * make one). Cold clients with the default options select, interleaved with floor runs.
 *
 * @param runs - Measured runs (after one warm-up).
 * @returns The figures.
 */
async function partitionedCase(runs: number): Promise<
  AgainstFloor & {
    partition: Partition;
    failedRuns: number;
    spanMediansMs: ReturnType<typeof spanMedians>;
    slowestRun: Pick<WaymarkRun, "totalMs" | "trace">;
  }
> {
  const chain = await startChain();
  const hosts: Libp2p<BaseServices>[] = [];
  let cutOff: CutOffNode | undefined;
  try {
    const world = await RegistryWorld.deploy(chain, { providers: [{ isDefault: true }] });
    const key = serviceKey({ chainId: world.chainId, registry: world.address, service: MAIL_SERVICE });
    const nodes: { address: string; multiaddr: string }[] = [];
    for (let i = 0; i < 2; i++) {
      const privateKey = await world.newNodeKey();
      const host = await createWaymarkHost({
        privateKey,
        dhtClientMode: false,
        connectionManager: LOOPBACK_CONNECTION_SETTINGS,
      });
      for (const other of hosts) await host.dial(other.getMultiaddrs());
      hosts.push(host);
      const own = host.getMultiaddrs().map(String);
      await world.registerNode(privateKey, { providerId: 1n, bootstrap: own });
      nodes.push({ address: nodeWallet(privateKey).address, multiaddr: own[0] ?? "" });
    }
    const cutOffKey = await world.newNodeKey();
    cutOff = await startCutOffNode(cutOffKey, hosts);
    await world.registerNode(cutOffKey, { providerId: 1n, bootstrap: [...cutOff.bootstrap] });
    nodes.push({ address: nodeWallet(cutOffKey).address, multiaddr: cutOff.bootstrap[0] ?? "" });
    for (const host of hosts) {
      for await (const _event of host.services.dht.provide(key)) {
        // Announcing happens as the query runs.
      }
    }
    await cutOff.announceAndCut(key);
    const registry = { rpcUrl: chain.rpcUrl, address: world.address };
    const addresses = nodes.map((node) => node.address);
    await waymarkRun(chain.rpcUrl, world.address);
    const measured: WaymarkRun[] = [];
    const floors: FloorRun[] = [];
    let failedRuns = 0;
    for (let i = 0; i < runs; i++) {
      try {
        measured.push(await waymarkRun(chain.rpcUrl, world.address));
      } catch {
        failedRuns += 1;
      }
      const reachable = nodes[i % 2];
      if (reachable !== undefined) floors.push(await floorRun(reachable.multiaddr, registry, addresses));
    }
    return {
      ...againstFloor(
        measured.map((run) => run.totalMs),
        floors,
      ),
      partition: cutOff.partition,
      failedRuns,
      spanMediansMs: spanMedians(measured.map((run) => run.trace)),
      slowestRun: slowest(measured),
    };
  } finally {
    await Promise.allSettled(hosts.map(async (host) => host.stop()));
    await cutOff?.close();
    await chain.close();
  }
}
/** `--farm-processes 4` runs the nodes in four worker processes beside the chain's. */
const farmProcessesArgument = process.argv.indexOf("--farm-processes");
const farmProcesses = farmProcessesArgument === -1 ? 0 : Number(process.argv[farmProcessesArgument + 1]);
if (!Number.isInteger(farmProcesses) || farmProcesses < 0) {
  throw new Error("--farm-processes takes a number of worker processes: --farm-processes 4");
}
/** `--nodes 50,100` measures only those sizes. */
const nodesArgument = flagNumbers("--nodes");
if (nodesArgument !== undefined) {
  if (nodesArgument.some((size) => size < 4)) {
    throw new Error("--nodes takes sizes of at least 4, separated by commas: --nodes 50,100");
  }
  SETTINGS.sizes = nodesArgument;
}

/**
 * How long the nodes may take to start, register and announce. It grows faster than the number of
 * nodes: every DHT message they exchange decodes secp256k1 keys, on a machine's few cores.
 */
const FARM_SETUP_TIMEOUT_MS = 1_200_000;

const sizes: DiscoverySize[] = [];
const floorFigures: ({ nodes: number } & AgainstFloor)[] = [];
const failures: { nodes: number; error: string }[] = [];
for (const count of SETTINGS.sizes) {
  // Each farm process appends its event-loop stalls here, to be set against the runs.
  const stallsFile = join(os.tmpdir(), `waymark-discovery-stalls-${process.pid}-${count}.jsonl`);
  rmSync(stallsFile, { force: true });
  const farm = ChildProcessHandle.spawn({
    name: `discovery farm (${count} nodes)`,
    args: ["--import", "tsx", "scripts/bench/discovery/farm.ts", String(count), String(farmProcesses)],
    maxLines: 2_000,
    killOnExit: true,
    env: { DISCOVERY_STALLS_FILE: stallsFile },
  });
  try {
    const ready = (await farm.waitForLine(
      (line) => line.msg === "farm ready",
      FARM_SETUP_TIMEOUT_MS,
    )) as unknown as FarmReady;
    const registered = new Set(ready.nodes.filter((node) => node.registered).map((node) => node.peerId));
    for (let i = 0; i < SETTINGS.warmup; i++) {
      await waymarkRun(ready.rpcUrl, ready.registry);
      await naiveRun(ready.rpcUrl, ready.registry);
    }
    const waymark: (WaymarkRun & CpuCost)[] = [];
    const naive: (NaiveRun & CpuCost)[] = [];
    const floors: FloorRun[] = [];
    const registeredNodes = ready.nodes.filter((node) => node.registered);
    // A run that ends without a selection is a figure too: counted, and its first error kept.
    const failed = { waymark: 0, naive: 0, firstError: undefined as string | undefined };
    const attempt = async <T>(way: "waymark" | "naive", run: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await run();
      } catch (err) {
        failed[way] += 1;
        failed.firstError ??= `${way}: ${errorLine(err)}`;
        return undefined;
      }
    };
    const machineBefore = sampleMachine();
    const loopStarted = performance.now();
    const loopFarmCpu = cpuSecondsOf(ready.pids);
    const loopClientCpu = process.cpuUsage();
    // Interleaved, so that whatever else the machine does weighs on both ways alike; each run
    // starts once the farm is done with the previous one's aftermath.
    const settleWaits: number[] = [];
    const settle = async (): Promise<void> => {
      settleWaits.push(await settleFarm(ready.pids));
    };
    for (let i = 0; i < SETTINGS.runs; i++) {
      await settle();
      const ours = await attempt("waymark", async () =>
        withCpuCost(ready.pids, async () => waymarkRun(ready.rpcUrl, ready.registry)),
      );
      if (ours !== undefined) waymark.push(ours);
      await settle();
      const theirs = await attempt("naive", async () =>
        withCpuCost(ready.pids, async () => naiveRun(ready.rpcUrl, ready.registry)),
      );
      if (theirs !== undefined) naive.push(theirs);
      const server = registeredNodes[i % registeredNodes.length];
      if (server !== undefined) {
        await settle();
        floors.push(
          await floorRun(
            server.multiaddr,
            { rpcUrl: ready.rpcUrl, address: ready.registry },
            registeredNodes.slice(0, 5).map((node) => node.node),
          ),
        );
      }
    }
    floorFigures.push({
      nodes: count,
      ...againstFloor(
        waymark.map((run) => run.totalMs),
        floors,
      ),
    });
    if (waymark.length === 0 || naive.length === 0) throw new Error(failed.firstError ?? "no run succeeded");
    const machine = machineLoad(machineBefore, sampleMachine());
    // The benchmark's own processes over the whole loop (runs, floors, and the farm's settling).
    const loopClient = process.cpuUsage(loopClientCpu);
    const ownCpuMs =
      (loopClient.user + loopClient.system) / 1000 + (cpuSecondsOf(ready.pids) - loopFarmCpu) * 1000;
    const otherCores = Math.max(0, machine.busyCores - ownCpuMs / (performance.now() - loopStarted));
    const median = (values: number[]): number => summarize(values).p50;
    const stalls = new StallSources(clientStalls, readStalls(stallsFile), ready.pids[0] ?? farm.pid);
    const size: DiscoverySize = {
      nodes: count,
      rogue: ready.nodes.length - registered.size,
      runs: SETTINGS.runs,
      farmSetupSeconds: ready.setupSeconds,
      waymark: summarize(waymark.map((run) => run.totalMs)),
      naive: summarize(naive.map((run) => run.totalMs)),
      waymarkPhasesMedianMs: {
        create: median(waymark.map((run) => run.createMs)),
        discover: median(waymark.map((run) => run.discoverMs)),
        verify: median(waymark.map((run) => run.verifyMs)),
        probeAndSelect: median(waymark.map((run) => run.probeMs)),
      },
      naivePhasesMedianMs: {
        setup: median(naive.map((run) => run.setupMs)),
        enumerate: median(naive.map((run) => run.enumerateMs)),
        check: median(naive.map((run) => run.checkMs)),
      },
      cpuMedianMs: {
        waymarkClient: median(waymark.map((run) => run.clientCpuMs)),
        waymarkNodes: median(waymark.map((run) => run.nodesCpuMs)),
        naiveClient: median(naive.map((run) => run.clientCpuMs)),
        naiveNodes: median(naive.map((run) => run.nodesCpuMs)),
      },
      farmProcesses: ready.workers,
      settleWaitMedianMs: median(settleWaits),
      farmCoresDuringWaymark:
        waymark.reduce((sum, run) => sum + run.nodesCpuMs, 0) /
        waymark.reduce((sum, run) => sum + run.totalMs, 0),
      clientCoresDuringWaymark:
        waymark.reduce((sum, run) => sum + run.clientCpuMs, 0) /
        waymark.reduce((sum, run) => sum + run.totalMs, 0),
      spanMediansMs: spanMedians(waymark.map((run) => run.trace)),
      slowestRun: slowest(waymark),
      slowestRuns: stalls.slowest(waymark, SLOW_RUNS),
      runsStalledMs: waymark.map((run) => stalls.summarize(run)),
      farmPhasesSeconds: ready.phases,
      otherCores,
      candidatesMedian: median(waymark.map((run) => run.candidates)),
      trustedCandidatesMedian: median(waymark.map((run) => run.trusted)),
      rogueSelected: waymark.filter((run) => !registered.has(run.selected)).length,
      failedRuns: { waymark: failed.waymark, naive: failed.naive },
      firstError: failed.firstError,
      distinctSelected: new Set(waymark.map((run) => run.selected)).size,
    };
    sizes.push(size);
    // Told at once too: a later failure must not lose what makes the slow runs slow.
    console.error(slowRunsReport(size).join("\n"));
    console.error(`discovery: ${count} nodes done`);
  } catch (err) {
    // One size failing (a farm too slow to start on a busy machine) does not lose the others.
    failures.push({
      nodes: count,
      error: errorLine(err),
    });
    process.exitCode = 1;
  } finally {
    await farm.stop();
    rmSync(stallsFile, { force: true });
  }
}

const partitioned = await partitionedCase(SETTINGS.partitionedRuns);
const loadAverage = os.loadavg().map((value) => Number(value.toFixed(2)));
const settings = {
  ...SETTINGS,
  farmProcesses,
  rogueShare: 0.25,
  clientOptions: "createWaymarkClient defaults",
};
if (sizes.length > 0) console.log(renderDiscovery({ sizes, settings }));
for (const figures of floorFigures) console.log(floorLine(`${figures.nodes} nodes`, figures));
console.log(
  floorLine(`3 nodes, 1 partitioned (${partitioned.partition})`, partitioned) +
    (partitioned.failedRuns > 0 ? `; ${partitioned.failedRuns} runs failed` : ""),
);
console.log(
  `load average at the end (1, 5, 15 min): ${loadAverage.join(", ")} on ${os.availableParallelism()} cores`,
);
for (const size of sizes) console.log(slowRunsReport(size).join("\n"));
console.log(`partitioned case, slowest run (${partitioned.slowestRun.totalMs.toFixed(0)} ms), its trace:`);
console.log(traceLines(partitioned.slowestRun.trace).join("\n"));
for (const failure of failures) console.log(`${failure.nodes} nodes: not measured: ${failure.error}`);
for (const size of sizes) {
  if (size.firstError !== undefined) console.log(`${size.nodes} nodes, first failed run: ${size.firstError}`);
}
if (!partitionedOnly) {
  await writeResults("discovery", mode, {
    target: DISCOVERY_TARGET,
    settings,
    sizes,
    againstFloor: floorFigures,
    partitioned,
    loadAverage,
    failures,
  });
}
