import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, with a trailing slash, whether this runs from `dist/` or from source. */
export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return `${dir}/`;
}

/** A binary from `node_modules/.bin`, such as `hardhat`. */
export function bin(name: string): string {
  return `${ROOT}node_modules/.bin/${name}`;
}

/** A process the demo started, with its output kept for error reports. */
export interface DemoProcess {
  readonly name: string;
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything it wrote so far (stdout and stderr interleaved), bounded. */
  output(): string;
  /** What it wrote to stdout alone, bounded. */
  stdout(): string;
  /** Resolves with the first output line matching `pattern`; rejects if the process exits first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Sends SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const OUTPUT_LIMIT = 64 * 1024;

/**
 * Starts a long-running process whose output the demo watches.
 *
 * @param name - A label for messages.
 * @param command - The executable.
 * @param args - Its arguments.
 * @param env - Extra environment variables.
 * @returns The process handle.
 */
export function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
): DemoProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    // node_modules/.bin first, so that tools started by shebang run on the Node this project pins.
    env: {
      ...process.env,
      PATH: `${ROOT}node_modules/.bin:${process.env.PATH ?? ""}`,
      NO_COLOR: "1",
      FORCE_COLOR: "0",
      ...env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.end();
  let output = "";
  let stdout = "";
  const listeners = new Set<(chunk: string) => void>();
  const onData = (chunk: string): void => {
    output = (output + chunk).slice(-OUTPUT_LIMIT);
    for (const listener of listeners) listener(chunk);
  };
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout = (stdout + chunk).slice(-OUTPUT_LIMIT);
    onData(chunk);
  });
  child.stderr.setEncoding("utf8").on("data", onData);
  const exited = once(child, "exit");

  return {
    name,
    child,
    output: () => output,
    stdout: () => stdout,
    async waitForLine(pattern, timeoutMs) {
      const existing = output.match(pattern);
      if (existing !== null) return existing;
      return new Promise((resolve, reject) => {
        let seen = output;
        const timer = setTimeout(() => {
          finish(new Error(`${name} did not print ${pattern} within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (chunk: string): void => {
          seen += chunk;
          const match = seen.match(pattern);
          if (match !== null) finish(undefined, match);
        };
        const onExit = (): void => {
          finish(new Error(`${name} exited before printing ${pattern}:\n${output}`));
        };
        function finish(error: Error | undefined, match?: RegExpMatchArray): void {
          clearTimeout(timer);
          listeners.delete(listener);
          child.off("exit", onExit);
          if (error === undefined && match !== undefined) resolve(match);
          else reject(error ?? new Error("unreachable"));
        }
        listeners.add(listener);
        child.once("exit", onExit);
      });
    },
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Runs a command to completion.
 *
 * @param command - The executable.
 * @param args - Its arguments.
 * @param env - Extra environment variables.
 * @returns Its standard output alone, and everything it printed.
 * @throws Error with the command's output when it exits non-zero.
 */
export async function run(
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ stdout: string; output: string }> {
  const handle = startProcess(command, command, args, env);
  const [code] = (await once(handle.child, "close")) as [number | null];
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code}:\n${handle.output()}`);
  return { stdout: handle.stdout(), output: handle.output() };
}
