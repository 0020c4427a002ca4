import { setTimeout } from "node:timers/promises";

import type { ProcessSample } from "../lib/procStats.js";
import { coresUsed, sampleProcess } from "../lib/procStats.js";
import type { WorkerCommand } from "./protocol.js";
import type { SessionWorkers } from "./workers.js";

/** The cost of new connections, measured apart from any session's requests. */
export interface ConnectionSetup {
  /** Connections opened. */
  readonly connections: number;
  /** Seconds from the first dial until the last connection was up. */
  readonly seconds: number;
  /** Connections the node accepted per second (every one up, retries included). */
  readonly perSecond: number;
  /** Connection attempts that failed and were tried again. */
  readonly failedDials: number;
  /** The error of a connection that failed every attempt, when one did. */
  readonly failure: string | undefined;
  /** The node's CPU time per new connection, ms (its idle CPU over the same time taken off). */
  readonly nodeCpuMsPerConnection: number;
  /** The load processes' CPU time per new connection, ms (their idle CPU taken off). */
  readonly clientsCpuMsPerConnection: number;
}

/** Options of {@link measureConnectionSetup}. */
export interface ConnectionSetupInit {
  /** Connections to open. */
  readonly count: number;
  /** Connections opened and closed first, unmeasured, so that the node's code is compiled. */
  readonly warmup: number;
  /** How long to sample the idle processes first, and to let identify finish after the last dial. */
  readonly settleMs: number;
  /** Concurrency per load process, client options and sessions per source address. */
  readonly command: Omit<Extract<WorkerCommand, { type: "connect" }>, "type" | "count">;
}

/**
 * Measures what new connections cost: opens and closes `warmup` connections unmeasured (the first
 * connections of a fresh process cost more while its code is compiled), samples the node and the
 * load processes while idle, opens
 * `count` connections that send no requests (TCP, Noise, Yamux, identify and ping both ways, each
 * its own client peer), waits `settleMs` for the identify exchanges they start, and charges the CPU
 * time spent beyond the idle rate to the new connections. The connections are closed again
 * before it returns, so that the sessions that follow start from an idle node.
 *
 * @param workers - The load processes.
 * @param nodePid - The node's process id.
 * @param init - How many connections, how long to settle, and how to connect.
 * @returns Their cost.
 */
export async function measureConnectionSetup(
  workers: SessionWorkers,
  nodePid: number,
  init: ConnectionSetupInit,
): Promise<ConnectionSetup> {
  if (init.warmup > 0) {
    await workers.connect(init.warmup, init.command);
    await workers.disconnect();
  }
  const idleNode = sampleProcess(nodePid);
  const idleClients = workers.sample();
  await setTimeout(init.settleMs);
  const nodeBefore = sampleProcess(nodePid);
  const clientsBefore = workers.sample();
  const idleNodeCores = coresUsed(idleNode, nodeBefore);
  const idleClientCores = clientsBefore.map((sample, index) =>
    coresUsed(idleClients[index] ?? sample, sample),
  );
  const started = performance.now();
  const opened = await workers.connect(init.count, init.command);
  const seconds = (performance.now() - started) / 1000;
  await setTimeout(init.settleMs);
  const nodeAfter = sampleProcess(nodePid);
  const clientsAfter = workers.sample();
  await workers.disconnect();
  const connections = Math.max(1, opened.connections);
  const clientsMs = sum(
    clientsAfter.map((sample, index) =>
      busyMs(clientsBefore[index] ?? sample, sample, idleClientCores[index] ?? 0),
    ),
  );
  return {
    connections: opened.connections,
    seconds,
    perSecond: opened.connections / seconds,
    failedDials: opened.failedDials,
    failure: opened.failure,
    nodeCpuMsPerConnection: Math.max(0, busyMs(nodeBefore, nodeAfter, idleNodeCores)) / connections,
    clientsCpuMsPerConnection: Math.max(0, clientsMs) / connections,
  };
}

/** CPU time between two samples beyond `idleCores` over the same wall time, ms. */
function busyMs(before: ProcessSample, after: ProcessSample, idleCores: number): number {
  const wallSeconds = (after.at - before.at) / 1000;
  return (after.cpuSeconds - before.cpuSeconds - idleCores * wallSeconds) * 1000;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
