/**
 * `npm run bench:discovery`: how long a cold client takes from nothing to a verified, reachable,
 * selected server, with 10, 50 and 100 nodes on 127.0.0.1 of which a quarter are rogue (they
 * announce the service but are not in the registry); beside it, in the same run, the naive way:
 * enumerate the registry and dial and check every node in turn. Writes `results/discovery.json`.
 *
 * The nodes are libp2p hosts inside one separate process (see `discovery/farm.ts`); the client runs
 * in this process, cold every time: a new client, host and registry connection per run.
 */
import { errorLine } from "../../client/cli/output.js";
import type { CpuCost } from "./discovery/cpu.js";
import { withCpuCost } from "./discovery/cpu.js";
import { machineLoad, sampleMachine } from "./lib/machineLoad.js";
import { benchMode } from "./lib/mode.js";
import { ChildProcessHandle } from "../kit/process.js";
import { writeResults } from "./lib/results.js";
import { summarize } from "./lib/stats.js";
import type { FarmReady } from "./discovery/farm.js";
import type { NaiveRun } from "./discovery/naive.js";
import { naiveRun } from "./discovery/naive.js";
import type { DiscoverySize } from "./discovery/report.js";
import { DISCOVERY_TARGET, renderDiscovery } from "./discovery/report.js";
import type { WaymarkRun } from "./discovery/waymark.js";
import { waymarkRun } from "./discovery/waymark.js";

const mode = benchMode();
const SETTINGS = {
  quick: { sizes: [10, 25], runs: 15, warmup: 2 },
  full: { sizes: [10, 50, 100], runs: 60, warmup: 3 },
}[mode];
/** `--nodes 50,100` measures only those sizes. */
const nodesArgument = process.argv.indexOf("--nodes");
if (nodesArgument !== -1) {
  SETTINGS.sizes = (process.argv[nodesArgument + 1] ?? "").split(",").map(Number);
  if (SETTINGS.sizes.some((size) => !Number.isInteger(size) || size < 4)) {
    throw new Error("--nodes takes sizes of at least 4, separated by commas: --nodes 50,100");
  }
}

/**
 * How long the nodes may take to start, register and announce. It grows faster than the number of
 * nodes: they all share one process, and every DHT message they exchange decodes secp256k1 keys.
 */
const FARM_SETUP_TIMEOUT_MS = 1_200_000;

const sizes: DiscoverySize[] = [];
const failures: { nodes: number; error: string }[] = [];
for (const count of SETTINGS.sizes) {
  const farm = ChildProcessHandle.spawn({
    name: `discovery farm (${count} nodes)`,
    args: ["--import", "tsx", "scripts/bench/discovery/farm.ts", String(count)],
    maxLines: 2_000,
    killOnExit: true,
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
    // Interleaved, so that whatever else the machine does weighs on both ways alike.
    for (let i = 0; i < SETTINGS.runs; i++) {
      const ours = await attempt("waymark", async () =>
        withCpuCost(farm.pid, async () => waymarkRun(ready.rpcUrl, ready.registry)),
      );
      if (ours !== undefined) waymark.push(ours);
      const theirs = await attempt("naive", async () =>
        withCpuCost(farm.pid, async () => naiveRun(ready.rpcUrl, ready.registry)),
      );
      if (theirs !== undefined) naive.push(theirs);
    }
    if (waymark.length === 0 || naive.length === 0) throw new Error(failed.firstError ?? "no run succeeded");
    const machine = machineLoad(machineBefore, sampleMachine());
    const ownCpuMs = [...waymark, ...naive].reduce((sum, run) => sum + run.clientCpuMs + run.nodesCpuMs, 0);
    const otherCores = Math.max(0, machine.busyCores - ownCpuMs / (performance.now() - loopStarted));
    const median = (values: number[]): number => summarize(values).p50;
    sizes.push({
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
      farmPhasesSeconds: ready.phases,
      otherCores,
      candidatesMedian: median(waymark.map((run) => run.candidates)),
      trustedCandidatesMedian: median(waymark.map((run) => run.trusted)),
      rogueSelected: waymark.filter((run) => !registered.has(run.selected)).length,
      failedRuns: { waymark: failed.waymark, naive: failed.naive },
      firstError: failed.firstError,
      distinctSelected: new Set(waymark.map((run) => run.selected)).size,
    });
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
  }
}

const settings = { ...SETTINGS, rogueShare: 0.25, clientOptions: "createWaymarkClient defaults" };
console.log(renderDiscovery({ sizes, settings }));
for (const failure of failures) console.log(`${failure.nodes} nodes: not measured: ${failure.error}`);
for (const size of sizes) {
  if (size.firstError !== undefined) console.log(`${size.nodes} nodes, first failed run: ${size.firstError}`);
}
await writeResults("discovery", mode, { target: DISCOVERY_TARGET, settings, sizes, failures });
