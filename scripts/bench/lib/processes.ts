import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/** Every child process a benchmark started and has not yet seen exit, by pid. */
const running = new Map<number, ChildProcess>();
let exitHookInstalled = false;

/**
 * Kills the children still running when the benchmark process exits (normally, on an uncaught
 * error, or on SIGINT/SIGTERM), by their pid: only what this process started.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const pid of running.keys()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      process.exit(130);
    });
  }
}

/** A JSON log line of a process. */
export type LogLine = Record<string, unknown> & { msg?: string };

/** A child process whose output the benchmark watches, stopped by pid. */
export class BenchProcess {
  /** The process. */
  readonly child: ChildProcess;
  /** A label for messages. */
  readonly name: string;
  /** JSON log lines seen on stdout so far (bounded to the last 2,000). */
  readonly lines: LogLine[] = [];
  private output = "";
  private readonly waiters = new Set<(line: LogLine) => void>();
  private readonly exited: Promise<unknown>;

  /**
   * @param name - A label for messages.
   * @param child - The spawned process, with piped stdout and stderr.
   */
  constructor(name: string, child: ChildProcess) {
    this.name = name;
    this.child = child;
    this.exited = once(child, "exit");
    const pid = child.pid;
    if (pid !== undefined) running.set(pid, child);
    void this.exited.then(() => {
      if (pid !== undefined) running.delete(pid);
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      this.output = (this.output + chunk).slice(-16_384);
    });
    if (child.stdout !== null) {
      createInterface({ input: child.stdout }).on("line", (text) => {
        this.output = (this.output + text + "\n").slice(-16_384);
        let line: LogLine;
        try {
          line = JSON.parse(text) as LogLine;
        } catch {
          return;
        }
        this.lines.push(line);
        if (this.lines.length > 2_000) this.lines.shift();
        for (const waiter of [...this.waiters]) waiter(line);
      });
    }
  }

  /** The process id. */
  get pid(): number {
    const pid = this.child.pid;
    if (pid === undefined) throw new Error(`${this.name} has no pid: it did not start`);
    return pid;
  }

  /** Whether the process has exited. */
  get hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /**
   * Resolves with the first JSON log line (seen or to come) that matches.
   *
   * @param match - The predicate.
   * @param timeoutMs - How long to wait.
   * @returns The line.
   * @throws Error with the process's recent output when it exits or the time runs out first.
   */
  async waitForLine(match: (line: LogLine) => boolean, timeoutMs = 60_000): Promise<LogLine> {
    const seen = this.lines.find(match);
    if (seen !== undefined) return seen;
    return new Promise((resolve, reject) => {
      const finish = (error: Error | undefined, line?: LogLine): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        this.child.off("exit", onExit);
        if (line !== undefined) resolve(line);
        else reject(error ?? new Error("unreachable"));
      };
      const waiter = (line: LogLine): void => {
        if (match(line)) finish(undefined, line);
      };
      const onExit = (): void => {
        finish(new Error(`${this.name} exited early; its last output:\n${this.output}`));
      };
      const timer = setTimeout(() => {
        finish(new Error(`${this.name}: no matching log line within ${timeoutMs} ms:\n${this.output}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      this.child.once("exit", onExit);
    });
  }

  /**
   * Stops the process by its pid: SIGTERM, then SIGKILL after `graceMs`.
   *
   * @param graceMs - How long a graceful stop may take.
   */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.hasExited) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * Starts a Node.js program as a child process on the Node.js running the benchmark, from the
 * repository root, and tracks it so that it is killed if the benchmark exits first.
 *
 * @param name - A label for messages.
 * @param args - Node.js arguments: flags, then the script and its arguments.
 * @param env - Extra environment variables.
 * @returns The process.
 */
export function startNodeProcess(
  name: string,
  args: readonly string[],
  env: Record<string, string> = {},
): BenchProcess {
  installExitHook();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new BenchProcess(name, child);
}

/**
 * Runs a Node.js program to completion with its output passed through.
 *
 * @param args - Node.js arguments: flags, then the script and its arguments.
 * @param env - Extra environment variables.
 * @returns The exit code.
 */
export async function runNodeScript(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<number> {
  installExitHook();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: "inherit",
  });
  const pid = child.pid;
  if (pid !== undefined) running.set(pid, child);
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  if (pid !== undefined) running.delete(pid);
  return code ?? (signal === null ? 1 : 128);
}
