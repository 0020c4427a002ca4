import { readFile } from "node:fs/promises";
import { setTimeout } from "node:timers/promises";

import type { Chain } from "../../kit/chain.js";
import { ROOT } from "../../kit/paths.js";
import { RegistryWorld } from "../../kit/registry.js";

/** The registry's build artifact, as `hardhat build` writes it. */
const REGISTRY_ARTIFACT = `${ROOT}artifacts/contracts/Registry.sol/Registry.json`;

/** The address Hardhat's coverage instrumentation calls: its bytecode is not the registry's. */
const COVERAGE_MARKER = "c0bec0bec0bec0bec0bec0bec0bec0bec0bec0be";

/**
 * The registry's creation bytecode, read from the build artifact when it is deployed. A coverage
 * run (`hardhat test --coverage`) rewrites the artifacts with instrumented bytecode while it runs;
 * that code measures something else (and exceeds the size limit), so this waits for the plain build.
 *
 * @returns The bytecode.
 * @throws Error when the artifact stays instrumented for three minutes.
 */
async function registryBytecode(): Promise<string> {
  for (let waited = 0; ; waited += 2) {
    const { bytecode } = JSON.parse(await readFile(REGISTRY_ARTIFACT, "utf8")) as { bytecode: string };
    if (!bytecode.includes(COVERAGE_MARKER)) return bytecode;
    if (waited >= 180)
      throw new Error("the registry artifact holds coverage-instrumented bytecode: run `npx hardhat build`");
    if (waited === 0)
      console.error("the registry artifact is coverage-instrumented; waiting for a plain build");
    await setTimeout(2_000);
  }
}

/**
 * Deploys a registry for a benchmark (no admin transfer delay), from the plain build's bytecode:
 * `signers[0]` is its admin and curator, each provider is owned by the next funded account.
 *
 * @param chain - The chain.
 * @returns The registry world, with no provider yet.
 */
export async function deployBenchRegistry(chain: Chain): Promise<RegistryWorld> {
  return RegistryWorld.deploy(chain, { bytecode: await registryBytecode() });
}
