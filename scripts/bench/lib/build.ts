import { binScript } from "../../kit/paths.js";
import { runAttached } from "../../kit/process.js";

/** Set by `run.ts` once it has built, so that the benchmarks it starts do not build again. */
export const BUILT_ENV = "WAYMARK_BENCH_BUILT";

/**
 * Builds the contracts (and their bindings) and compiles the TypeScript to `dist/`, so that the
 * `waymark-node` processes a benchmark starts run the current code. Both steps are incremental;
 * nothing happens when `run.ts` already built.
 *
 * @throws Error when a step fails.
 */
export async function ensureBuilt(): Promise<void> {
  if (process.env[BUILT_ENV] === "1") return;
  const steps: [string, string[]][] = [
    [binScript("hardhat"), ["build", "--quiet"]],
    // Emit only: type errors are `npm run typecheck`'s job.
    [binScript("tsc"), ["-p", "tsconfig.json", "--noCheck"]],
  ];
  for (const [script, args] of steps) {
    const code = await runAttached({ args: [script, ...args] });
    if (code !== 0) throw new Error(`${script} ${args.join(" ")} exited with ${code}`);
  }
  process.env[BUILT_ENV] = "1";
}
