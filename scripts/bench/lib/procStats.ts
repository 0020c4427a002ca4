import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

let clockTicks: number | undefined;

/** Clock ticks per second of `/proc/<pid>/stat` times (`getconf CLK_TCK`, usually 100). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU time and memory of a process at one instant. */
export interface ProcessSample {
  /** Wall-clock time of the sample, in ms (`performance.now()`). */
  readonly at: number;
  /** User plus system CPU time so far, in seconds. */
  readonly cpuSeconds: number;
  /** Resident set size, in bytes. */
  readonly rssBytes: number;
  /** Open file descriptors. */
  readonly fds: number;
}

/**
 * Samples a process from `/proc` (Linux).
 *
 * @param pid - The process.
 * @returns Its CPU time, RSS and open descriptors now.
 */
export function sampleProcess(pid: number): ProcessSample {
  const at = performance.now();
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  let fds: number;
  try {
    fds = readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    fds = 0;
  }
  return { at, cpuSeconds: ticks / ticksPerSecond(), rssBytes: rssKiB * 1024, fds };
}

/**
 * CPU use between two samples, as a share of one core (1 = one core fully busy).
 *
 * @param before - The earlier sample.
 * @param after - The later sample.
 * @returns Cores used on average.
 */
export function coresUsed(before: ProcessSample, after: ProcessSample): number {
  const wallSeconds = (after.at - before.at) / 1000;
  return wallSeconds <= 0 ? 0 : (after.cpuSeconds - before.cpuSeconds) / wallSeconds;
}

/** Samples a process periodically and keeps the peak RSS seen. */
export class ProcessMonitor {
  private timer: NodeJS.Timeout | undefined;
  private peak = 0;

  /**
   * @param pid - The process.
   * @param intervalMs - How often to sample.
   */
  constructor(
    private readonly pid: number,
    private readonly intervalMs = 500,
  ) {}

  /**
   * Starts sampling; the peak restarts from the current RSS.
   *
   * @returns The first sample.
   */
  start(): ProcessSample {
    const first = sampleProcess(this.pid);
    this.peak = first.rssBytes;
    this.timer = setInterval(() => {
      try {
        this.peak = Math.max(this.peak, sampleProcess(this.pid).rssBytes);
      } catch {
        // The process exited; the last peak stands.
      }
    }, this.intervalMs);
    this.timer.unref();
    return first;
  }

  /**
   * Stops sampling.
   *
   * @returns The last sample and the peak RSS since start.
   */
  stop(): { last: ProcessSample; peakRssBytes: number } {
    clearInterval(this.timer);
    const last = sampleProcess(this.pid);
    this.peak = Math.max(this.peak, last.rssBytes);
    return { last, peakRssBytes: this.peak };
  }
}
