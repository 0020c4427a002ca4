import { sampleProcess } from "../lib/procStats.js";

/** CPU time one run cost the client and the nodes. */
export interface CpuCost {
  /** CPU time of this process (the client) during the run, in ms. */
  readonly clientCpuMs: number;
  /** CPU time of the nodes' process during the run, in ms: all nodes together. */
  readonly nodesCpuMs: number;
}

/**
 * Runs a measurement and adds what it cost in CPU on both sides.
 *
 * @param nodesPid - The process that runs the nodes.
 * @param run - The measurement.
 * @returns Its result with the CPU costs.
 */
export async function withCpuCost<T extends object>(
  nodesPid: number,
  run: () => Promise<T>,
): Promise<T & CpuCost> {
  const nodesBefore = sampleProcess(nodesPid);
  const clientBefore = process.cpuUsage();
  const result = await run();
  const client = process.cpuUsage(clientBefore);
  const nodesAfter = sampleProcess(nodesPid);
  return {
    ...result,
    clientCpuMs: (client.user + client.system) / 1000,
    nodesCpuMs: (nodesAfter.cpuSeconds - nodesBefore.cpuSeconds) * 1000,
  };
}
