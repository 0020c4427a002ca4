import { sampleProcess } from "../lib/procStats.js";

/** CPU time one run cost the client and the nodes. */
export interface CpuCost {
  /** CPU time of this process (the client) during the run, in ms. */
  readonly clientCpuMs: number;
  /** CPU time of the farm's processes during the run, in ms: all nodes and the chain together. */
  readonly nodesCpuMs: number;
}

/**
 * CPU time the processes have used so far, together.
 *
 * @param pids - The processes.
 * @returns Seconds.
 */
export function cpuSecondsOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + sampleProcess(pid).cpuSeconds, 0);
}

/**
 * Runs a measurement and adds what it cost in CPU on both sides.
 *
 * @param nodesPids - The processes that run the nodes and the chain.
 * @param run - The measurement.
 * @returns Its result with the CPU costs.
 */
export async function withCpuCost<T extends object>(
  nodesPids: readonly number[],
  run: () => Promise<T>,
): Promise<T & CpuCost> {
  const nodesBefore = cpuSecondsOf(nodesPids);
  const clientBefore = process.cpuUsage();
  const result = await run();
  const client = process.cpuUsage(clientBefore);
  const nodesAfter = cpuSecondsOf(nodesPids);
  return {
    ...result,
    clientCpuMs: (client.user + client.system) / 1000,
    nodesCpuMs: (nodesAfter - nodesBefore) * 1000,
  };
}
