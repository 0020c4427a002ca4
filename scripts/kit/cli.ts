import type { RunResult } from "./process.js";
import { ChildProcessHandle, runProcess } from "./process.js";
import type { Binary } from "./paths.js";
import { BINARIES } from "./paths.js";

/** Options of {@link runCli} and {@link spawnCli}. */
export interface CliOptions {
  /** Extra environment variables (the caller's own environment is inherited; undefined removes one). */
  env?: Record<string, string | undefined>;
  /** Text written to stdin, then stdin is closed. */
  input?: string;
  /** Working directory. @default the repository root */
  cwd?: string;
  /** Kill the process after this many milliseconds. @default 60000 */
  timeoutMs?: number;
  /** Throw (with the output) when the program exits with anything but 0. @default false */
  check?: boolean;
}

/**
 * Starts `waymark` or `waymark-node` as a real process (Node.js runs the compiled JavaScript),
 * as a person would.
 *
 * @param bin - Which program.
 * @param args - Command-line arguments.
 * @param options - Environment, stdin and working directory.
 * @returns The process handle.
 */
export function spawnCli(bin: Binary, args: readonly string[], options: CliOptions = {}): ChildProcessHandle {
  return ChildProcessHandle.spawn({ name: bin, args: [BINARIES[bin], ...args], ...options });
}

/**
 * Runs `waymark` or `waymark-node` to completion and collects its output.
 *
 * @param bin - Which program.
 * @param args - Command-line arguments.
 * @param options - Environment, stdin, working directory and time limit.
 * @returns Exit code, signal, stdout and stderr.
 */
export async function runCli(
  bin: Binary,
  args: readonly string[],
  options: CliOptions = {},
): Promise<RunResult> {
  return runProcess({ name: bin, args: [BINARIES[bin], ...args], ...options });
}

/**
 * Runs `waymark` or `waymark-node` with `--json` and parses what it printed.
 *
 * @param bin - Which program.
 * @param args - Command-line arguments (`--json` is added).
 * @param options - Environment, stdin, working directory and time limit.
 * @returns The parsed JSON.
 * @throws Error with the output when the program fails or prints no JSON.
 */
export async function runCliJson<T>(
  bin: Binary,
  args: readonly string[],
  options: CliOptions = {},
): Promise<T> {
  const result = await runProcess({
    name: bin,
    args: [BINARIES[bin], ...args, "--json"],
    check: true,
    ...options,
  });
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`${bin} ${args.join(" ")} printed no JSON:\n${result.output}`);
  }
}
