import { realpathSync } from "node:fs";

import { ROOT, runNodeScript } from "./processes.js";

/** Set by `run.ts` once it has built, so that the benchmarks it starts do not build again. */
export const BUILT_ENV = "WAYMARK_BENCH_BUILT";

/**
 * The JavaScript file behind a binary of `node_modules/.bin`, so that it runs on the Node.js
 * running the benchmark.
 *
 * @param name - For example `hardhat` or `tsc`.
 * @returns Its absolute path.
 */
export function binScript(name: string): string {
  return realpathSync(`${ROOT}node_modules/.bin/${name}`);
}

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
    const code = await runNodeScript([script, ...args]);
    if (code !== 0) throw new Error(`${script} ${args.join(" ")} exited with ${code}`);
  }
  process.env[BUILT_ENV] = "1";
}
