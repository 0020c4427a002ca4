import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The two command-line programs, as compiled to `dist/`. */
export const BINARIES = {
  waymark: `${ROOT}dist/client/cli/main.js`,
  "waymark-node": `${ROOT}dist/node/cli/main.js`,
} as const;

/** What a finished CLI process left behind. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli} and {@link spawnCli}. */
export interface CliOptions {
  /** Extra environment variables (the test's own environment is inherited). */
  env?: Record<string, string | undefined>;
  /** Text written to stdin, then stdin is closed. */
  input?: string;
  /** Working directory. @default the repository root */
  cwd?: string;
  /** Kill the process after this many milliseconds. @default 60000 */
  timeoutMs?: number;
}

/**
 * Starts a CLI as a real process (Node runs the compiled JavaScript).
 *
 * @param bin - `waymark` or `waymark-node`.
 * @param args - Command-line arguments.
 * @param options - Environment, stdin and working directory.
 * @returns The child process.
 */
export function spawnCli(
  bin: keyof typeof BINARIES,
  args: readonly string[],
  options: CliOptions = {},
): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [BINARIES[bin], ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.end(options.input ?? "");
  return child;
}

/**
 * Runs a CLI to completion and collects its output.
 *
 * @param bin - `waymark` or `waymark-node`.
 * @param args - Command-line arguments.
 * @param options - Environment, stdin, working directory and time limit.
 * @returns Exit code, signal, stdout and stderr.
 */
export async function runCli(
  bin: keyof typeof BINARIES,
  args: readonly string[],
  options: CliOptions = {},
): Promise<CliResult> {
  const child = spawnCli(bin, args, options);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
