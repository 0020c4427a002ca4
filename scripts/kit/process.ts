import type { ChildProcess, ChildProcessWithoutNullStreams } from "node:child_process";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

import type { LogLine } from "./logLines.js";
import { parseLogLine } from "./logLines.js";
import { ROOT } from "./paths.js";

/** How much recent output a handle keeps for error messages and text matches. */
const OUTPUT_LIMIT = 64 * 1024;
/** How much of stdout a handle keeps. */
const STDOUT_LIMIT = 16 * 1024 * 1024;

/**
 * The last `limit` characters of a stream of text, kept as chunks so that a process that writes
 * many lines costs one array push per chunk, not a copy of everything kept.
 */
class TextTail {
  private readonly chunks: string[] = [];
  private length = 0;

  /** @param limit - How many characters to keep at least. */
  constructor(private readonly limit: number) {}

  /**
   * Appends a chunk, dropping the oldest chunks beyond the limit.
   *
   * @param chunk - The text.
   */
  push(chunk: string): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    for (let first = this.chunks[0]; first !== undefined && this.chunks.length > 1; first = this.chunks[0]) {
      if (this.length - first.length < this.limit) break;
      this.chunks.shift();
      this.length -= first.length;
    }
  }

  /**
   * The text kept.
   *
   * @returns At most `limit` characters, the newest.
   */
  text(): string {
    return this.chunks.join("").slice(-this.limit);
  }
}

/** Options of {@link ChildProcessHandle.spawn}. */
export interface SpawnInit {
  /** A label for messages. @default the command */
  name?: string;
  /** The executable. @default the Node.js running the caller */
  command?: string;
  /** Its arguments (for Node.js: flags, then the script and its arguments). */
  args: readonly string[];
  /** Extra environment variables over the caller's own (undefined removes one). */
  env?: Record<string, string | undefined>;
  /** Working directory. @default the repository root */
  cwd?: string;
  /** Text written to stdin, which is then closed. @default "" */
  input?: string;
  /** Keep at most this many JSON log lines (the oldest go first). @default unbounded */
  maxLines?: number;
  /**
   * Kill the process if the caller exits first (normally, on an uncaught error, or on SIGINT or
   * SIGTERM, which then exit the caller unless it handles them itself). For long-running scripts;
   * tests stop theirs in hooks.
   * @default false
   */
  killOnExit?: boolean;
}

/** How a process ended. */
export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Every child started with `killOnExit` that has not exited yet, by pid. */
const tracked = new Map<number, ChildProcess>();
let exitHookInstalled = false;

/** Kills the tracked children, by pid, when this process exits. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const pid of tracked.keys()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  });
  // Without a handler a signal ends the process without its `exit` event; a caller with its own
  // handler (one that stops its children gracefully) keeps it.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    if (process.listenerCount(signal) > 0) continue;
    process.once(signal, () => {
      process.exit(130);
    });
  }
}

/**
 * A child process whose output is watched: JSON log lines on stdout are parsed as they come,
 * stderr and recent text are kept, and {@link waitForLine} waits for a line to appear.
 */
export class ChildProcessHandle {
  /** Every JSON log line seen on stdout so far (bounded by `maxLines`). */
  readonly lines: LogLine[] = [];
  /** Everything written to stderr so far. */
  stderr = "";
  private readonly stdoutTail = new TextTail(STDOUT_LIMIT);
  private readonly recentTail = new TextTail(OUTPUT_LIMIT);
  private readonly lineWaiters = new Set<(line: LogLine) => void>();
  private readonly textWaiters = new Set<() => void>();
  private readonly exited: Promise<ExitStatus>;

  private constructor(
    /** A label for messages. */
    readonly name: string,
    /** The process. */
    readonly child: ChildProcessWithoutNullStreams,
    private readonly maxLines: number,
  ) {
    this.exited = (once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>).then(
      ([code, signal]) => ({ code, signal }),
    );
    // A spawn failure (no such executable) ends the handle as an exit with no code.
    child.on("error", (err) => {
      this.append(`${String(err)}\n`);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
      this.append(chunk);
    });
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      this.stdoutTail.push(chunk);
    });
    createInterface({ input: child.stdout }).on("line", (text) => {
      this.append(`${text}\n`);
      const line = parseLogLine(text);
      if (line === undefined) return;
      this.lines.push(line);
      if (this.lines.length > this.maxLines) this.lines.shift();
      for (const waiter of [...this.lineWaiters]) waiter(line);
    });
  }

  /**
   * Starts a process with piped output, from the repository root, with `NO_COLOR` set.
   *
   * @param init - Command, arguments, environment.
   * @returns The handle.
   */
  static spawn(init: SpawnInit): ChildProcessHandle {
    const command = init.command ?? process.execPath;
    const child = spawn(command, init.args, {
      cwd: init.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...init.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdin.on("error", () => {
      // The process may exit before reading its input.
    });
    child.stdin.end(init.input ?? "");
    const handle = new ChildProcessHandle(init.name ?? command, child, init.maxLines ?? Infinity);
    const pid = child.pid;
    if (init.killOnExit === true && pid !== undefined) {
      installExitHook();
      tracked.set(pid, child);
      void handle.exited.then(() => tracked.delete(pid));
    }
    return handle;
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

  /** Recent output, stdout and stderr interleaved (bounded), for error messages. */
  output(): string {
    return this.recentTail.text();
  }

  /** What the process wrote to stdout so far. */
  stdout(): string {
    return this.stdoutTail.text();
  }

  /**
   * Resolves with the first JSON log line (already seen or to come) that matches, or, given a
   * regular expression, with the first match in the process's recent text output.
   *
   * @param match - A predicate over JSON log lines, or a pattern over the text.
   * @param timeoutMs - How long to wait. @default no limit: until the line or the exit
   * @returns The line, or the pattern's match.
   * @throws Error with the process's recent output when it exits or the time runs out first.
   */
  async waitForLine(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  async waitForLine(match: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  async waitForLine(
    match: ((line: LogLine) => boolean) | RegExp,
    timeoutMs = Infinity,
  ): Promise<LogLine | RegExpMatchArray> {
    const check = (): LogLine | RegExpMatchArray | undefined =>
      match instanceof RegExp ? (this.output().match(match) ?? undefined) : this.lines.find(match);
    const seen = check();
    if (seen !== undefined) return seen;
    return new Promise((resolve, reject) => {
      const finish = (error: Error | undefined, result?: LogLine | RegExpMatchArray): void => {
        clearTimeout(timer);
        this.lineWaiters.delete(onLine);
        this.textWaiters.delete(onText);
        this.child.off("exit", onExit);
        if (result !== undefined) resolve(result);
        else reject(error ?? new Error("unreachable"));
      };
      const onLine = (line: LogLine): void => {
        if (!(match instanceof RegExp) && match(line)) finish(undefined, line);
      };
      const onText = (): void => {
        if (!(match instanceof RegExp)) return;
        const found = this.output().match(match);
        if (found !== null) finish(undefined, found);
      };
      const onExit = (code: number | null): void => {
        // Let the last output chunks arrive before giving up.
        setImmediate(() => {
          const last = check();
          if (last !== undefined) finish(undefined, last);
          else
            finish(new Error(`${this.name} exited with ${code} before the expected line:\n${this.output()}`));
        });
      };
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            finish(new Error(`${this.name}: no expected line within ${timeoutMs} ms:\n${this.output()}`));
          }, timeoutMs)
        : undefined;
      this.lineWaiters.add(onLine);
      this.textWaiters.add(onText);
      this.child.once("exit", onExit);
    });
  }

  /**
   * Resolves when the process exits.
   *
   * @returns Its exit code and signal.
   */
  async exit(): Promise<ExitStatus> {
    return this.exited;
  }

  /**
   * Stops the process: SIGTERM, then SIGKILL if it is still running after `graceMs`.
   *
   * @param graceMs - How long a graceful stop may take. @default 15000
   * @returns How it ended.
   */
  async stop(graceMs = 15_000): Promise<ExitStatus> {
    if (!this.hasExited) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exited;
  }

  /**
   * Kills the process at once (SIGKILL) if it still runs.
   *
   * @returns How it ended.
   */
  async kill(): Promise<ExitStatus> {
    if (!this.hasExited) this.child.kill("SIGKILL");
    return this.exited;
  }

  private append(chunk: string): void {
    this.recentTail.push(chunk);
    for (const waiter of [...this.textWaiters]) waiter();
  }
}

/** What a process run to completion left behind. */
export interface RunResult extends ExitStatus {
  readonly stdout: string;
  readonly stderr: string;
  /** Recent output, stdout and stderr interleaved. */
  readonly output: string;
}

/** Options of {@link runProcess}. */
export interface RunInit extends SpawnInit {
  /** Kill the process (SIGKILL) after this many milliseconds. @default 60000 */
  timeoutMs?: number;
  /** Throw when the process exits with anything but 0. @default false */
  check?: boolean;
}

/**
 * Runs a process to completion and collects its output.
 *
 * @param init - Command, arguments, environment, time limit.
 * @returns Exit code, signal and output.
 * @throws Error with the output when `check` is set and the process fails.
 */
export async function runProcess(init: RunInit): Promise<RunResult> {
  const handle = ChildProcessHandle.spawn(init);
  const timer = setTimeout(() => void handle.kill(), init.timeoutMs ?? 60_000);
  const [code, signal] = (await once(handle.child, "close")) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  const result = { code, signal, stdout: handle.stdout(), stderr: handle.stderr, output: handle.output() };
  if (init.check === true && code !== 0) {
    throw new Error(`${handle.name} ${init.args.join(" ")} exited with ${code ?? signal}:\n${result.output}`);
  }
  return result;
}

/**
 * Runs a Node.js program to completion with its output passed through to the caller's, killed if
 * the caller exits first.
 *
 * @param init - Arguments (flags, then the script and its arguments), environment, working directory.
 * @returns The exit code (128 when a signal ended it).
 */
export async function runAttached(init: Pick<SpawnInit, "args" | "env" | "cwd">): Promise<number> {
  installExitHook();
  const child = spawn(process.execPath, init.args, {
    cwd: init.cwd ?? ROOT,
    env: { ...process.env, ...init.env },
    stdio: "inherit",
  });
  const pid = child.pid;
  if (pid !== undefined) tracked.set(pid, child);
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  if (pid !== undefined) tracked.delete(pid);
  return code ?? (signal === null ? 1 : 128);
}
