import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Compiles the contracts (and their TypeChain bindings) and the TypeScript to `dist/` once per
 * test run, so that tests which start the CLIs as processes run the current code.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const bin = (name: string): string => `${root}node_modules/.bin/${name}`;
  execFileSync(bin("hardhat"), ["build", "--quiet"], { cwd: root, stdio: "inherit" });
  // Emit only: type errors are `npm run typecheck`'s job and must not stop the tests from running.
  execFileSync(bin("tsc"), ["-p", "tsconfig.json", "--noCheck"], { cwd: root, stdio: "inherit" });
}
