import { appendFileSync } from "node:fs";

/**
 * A while during which a process's event loop ran late: nothing it had to answer (an RPC call, a
 * libp2p message, a timer) could be answered until it ended.
 */
export interface Stall {
  readonly pid: number;
  /** Wall-clock time (ms since the epoch, sub-millisecond) when the loop should have turned. */
  readonly fromMs: number;
  /** Wall-clock time when it did. */
  readonly toMs: number;
  /**
   * CPU time the process itself used meanwhile, in ms: close to the stall's length when the
   * process was busy with its own work, far below it when the machine did not give it a core.
   */
  readonly cpuMs: number;
}

/** Event-loop lateness, in ms, from which a stall is recorded. */
export const STALL_THRESHOLD_MS = 20;

/** How often the loop is checked, in ms. */
const TICK_MS = 10;

/** @returns Wall-clock time in ms since the epoch, comparable across processes of one machine. */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Watches this process's event loop and reports every stall of more than `thresholdMs`.
 *
 * @param thresholdMs - Lateness below which nothing is reported.
 * @param report - Called with each stall as it ends.
 * @returns Stops watching.
 */
export function watchStalls(thresholdMs: number, report: (stall: Stall) => void): () => void {
  let expected = wallMs() + TICK_MS;
  let cpu = process.cpuUsage();
  const timer = setInterval(() => {
    const now = wallMs();
    const cpuNow = process.cpuUsage();
    if (now - expected > thresholdMs) {
      const used = process.cpuUsage(cpu);
      report({ pid: process.pid, fromMs: expected, toMs: now, cpuMs: (used.user + used.system) / 1000 });
    }
    expected = now + TICK_MS;
    cpu = cpuNow;
  }, TICK_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}

/**
 * Appends this process's stalls to a file, one JSON line each, when the environment names one in
 * `DISCOVERY_STALLS_FILE` (the discovery benchmark does, for each farm process).
 *
 * @param thresholdMs - Lateness below which nothing is written.
 */
export function recordStallsToFile(thresholdMs: number = STALL_THRESHOLD_MS): void {
  const file = process.env.DISCOVERY_STALLS_FILE;
  if (file === undefined || file === "") return;
  watchStalls(thresholdMs, (stall) => {
    appendFileSync(file, `${JSON.stringify(stall)}\n`);
  });
}

/**
 * @param stalls - Stalls.
 * @param fromMs - The window's start (wall clock).
 * @param toMs - Its end.
 * @returns The stalls that overlap the window, cut to it.
 */
export function stallsWithin(stalls: readonly Stall[], fromMs: number, toMs: number): Stall[] {
  return stalls
    .filter((stall) => stall.toMs > fromMs && stall.fromMs < toMs)
    .map((stall) => ({ ...stall, fromMs: Math.max(stall.fromMs, fromMs), toMs: Math.min(stall.toMs, toMs) }));
}
