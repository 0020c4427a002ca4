import { readFileSync } from "node:fs";
import os from "node:os";

/** Machine-wide CPU counters at one instant (`/proc/stat`, Linux). */
export interface MachineSample {
  /** Jiffies spent busy, all cores together (user, nice, system, irq, softirq, steal). */
  readonly busy: number;
  /** Jiffies the hypervisor gave to other guests. */
  readonly steal: number;
  /** All jiffies, all cores together. */
  readonly total: number;
}

/**
 * Reads the machine's CPU counters.
 *
 * @returns The counters now.
 */
export function sampleMachine(): MachineSample {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return {
    busy: user + nice + system + irq + softirq + steal,
    steal,
    total: user + nice + system + idle + iowait + irq + softirq + steal,
  };
}

/** How busy the whole machine was between two samples. */
export interface MachineLoad {
  /** Cores busy on average, all processes together. */
  readonly busyCores: number;
  /** Cores taken by the hypervisor for other guests. */
  readonly stealCores: number;
}

/**
 * The machine's load between two samples.
 *
 * @param before - The earlier sample.
 * @param after - The later sample.
 * @returns Busy and stolen cores on average.
 */
export function machineLoad(before: MachineSample, after: MachineSample): MachineLoad {
  const total = after.total - before.total;
  const cores = os.availableParallelism();
  if (total <= 0) return { busyCores: 0, stealCores: 0 };
  return {
    busyCores: ((after.busy - before.busy) / total) * cores,
    stealCores: ((after.steal - before.steal) / total) * cores,
  };
}
