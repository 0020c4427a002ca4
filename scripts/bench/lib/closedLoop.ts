import { machineLoad, sampleMachine } from "./machineLoad.js";
import { coresUsed, ProcessMonitor } from "./procStats.js";
import type { Summary } from "./stats.js";
import { summarize } from "./stats.js";

/** What a closed-loop run measured: clients sending one request at a time, each waiting for its answer. */
export interface ClosedLoopRun {
  /** Wall-clock time of the run, in ms. */
  readonly elapsedMs: number;
  /** Items acknowledged (envelopes or records committed by the node, or echoes). */
  readonly acknowledged: number;
  /** Items that failed. */
  readonly errors: number;
  /** The name and message of the first error, if any. */
  readonly firstError: string | undefined;
  /** Latency of each answered request, from sending to the answer, in ms. */
  readonly latenciesMs: number[];
}

/** The figures of one closed-loop level: a number of clients, each with one request in flight. */
export interface ClosedLoopLevel {
  readonly clients: number;
  readonly seconds: number;
  /** Items acknowledged. */
  readonly acknowledged: number;
  /** Items acknowledged per second. */
  readonly perSecond: number;
  readonly errors: number;
  readonly firstError: string | undefined;
  /** Per request. */
  readonly latencyMs: Summary;
  /** The server's CPU (the node's, or the echo server's), in cores (1 = one core busy). */
  readonly nodeCores: number;
  readonly nodeRssBytes: number;
  readonly nodePeakRssBytes: number;
  /** The load generator's CPU (this process), in cores. */
  readonly generatorCores: number;
  /** CPU other processes on the machine used meanwhile, in cores: what the figures competed with. */
  readonly otherCores: number;
}

/**
 * Measures one closed-loop level: runs `work` while watching the server process `pid` (its CPU and
 * RSS), this process's CPU (the load generator's) and the machine's (everything else).
 *
 * @param pid - The server's process id.
 * @param clients - How many clients `work` runs.
 * @param work - The closed loop, already warmed up.
 * @returns The run as `work` returned it, and the level's figures.
 */
export async function measureLevel<R extends ClosedLoopRun>(
  pid: number,
  clients: number,
  work: () => Promise<R>,
): Promise<{ run: R; level: ClosedLoopLevel }> {
  const monitor = new ProcessMonitor(pid);
  const before = monitor.start();
  const ownBefore = process.cpuUsage();
  const machineBefore = sampleMachine();
  const run = await work();
  const machine = machineLoad(machineBefore, sampleMachine());
  const own = process.cpuUsage(ownBefore);
  const { last, peakRssBytes } = monitor.stop();
  const nodeCores = coresUsed(before, last);
  const generatorCores = (own.user + own.system) / 1000 / run.elapsedMs;
  const seconds = run.elapsedMs / 1000;
  return {
    run,
    level: {
      clients,
      seconds,
      acknowledged: run.acknowledged,
      perSecond: run.acknowledged / seconds,
      errors: run.errors,
      firstError: run.firstError,
      latencyMs: summarize(run.latenciesMs),
      nodeCores,
      nodeRssBytes: last.rssBytes,
      nodePeakRssBytes: peakRssBytes,
      generatorCores,
      otherCores: Math.max(0, machine.busyCores - nodeCores - generatorCores),
    },
  };
}
