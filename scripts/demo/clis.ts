import { bin, ROOT, run } from "./processes.js";

/** Where the compiled command-line programs are. */
const PROGRAMS = {
  waymark: `${ROOT}dist/client/cli/main.js`,
  "waymark-node": `${ROOT}dist/node/cli/main.js`,
} as const;

/**
 * Runs `waymark` or `waymark-node` as a process, the way a person would, and parses its `--json`
 * output.
 *
 * @param program - Which program.
 * @param args - Its arguments (`--json` is added).
 * @param env - Environment, e.g. the signing key in `WAYMARK_PRIVATE_KEY`.
 * @returns The parsed JSON the command printed.
 */
export async function runJson<T>(
  program: keyof typeof PROGRAMS,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<T> {
  const { stdout, output } = await run(bin("node"), [PROGRAMS[program], ...args, "--json"], env);
  try {
    return JSON.parse(stdout) as T;
  } catch {
    throw new Error(`${program} ${args.join(" ")} printed no JSON:\n${output}`);
  }
}

/**
 * Runs `waymark` or `waymark-node` as a process for its effect.
 *
 * @param program - Which program.
 * @param args - Its arguments.
 * @param env - Environment.
 */
export async function runProgram(
  program: keyof typeof PROGRAMS,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<void> {
  await run(bin("node"), [PROGRAMS[program], ...args], env);
}

/** The path of a compiled program, for starting it as a long-running process. */
export function programPath(program: keyof typeof PROGRAMS): string {
  return PROGRAMS[program];
}
