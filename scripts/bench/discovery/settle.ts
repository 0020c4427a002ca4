import { setTimeout as sleep } from "node:timers/promises";

import { cpuSecondsOf } from "./cpu.js";

/** Window over which the farm's CPU is sampled: /proc counts CPU in 10 ms ticks. */
export const SETTLE_WINDOW_MS = 200;
/** The farm counts as quiet when its processes used at most this share of one core over a window. */
export const SETTLE_MAX_CORES = 0.1;
/** Longest wait for a quiet farm, after which the run goes ahead anyway. */
export const SETTLE_MAX_WAIT_MS = 5_000;

/**
 * Waits until the farm's processes are quiet: what one run left behind (a naive run dials every
 * node, and each node then updates its peer store and routing table for the hundreds of
 * connections it saw) would otherwise be measured as the next run's farm. A cold client meets a
 * network that is not busy with another client's aftermath; each run starts from there. The farm's
 * own periodic work still falls where it falls.
 *
 * @param pids - The farm's processes (the chain's and the nodes').
 * @returns How long it waited, in ms.
 */
export async function settleFarm(pids: readonly number[]): Promise<number> {
  const started = performance.now();
  for (;;) {
    const before = cpuSecondsOf(pids);
    await sleep(SETTLE_WINDOW_MS);
    const cores = ((cpuSecondsOf(pids) - before) * 1000) / SETTLE_WINDOW_MS;
    const waited = performance.now() - started;
    if (cores <= SETTLE_MAX_CORES || waited >= SETTLE_MAX_WAIT_MS) return waited;
  }
}
