import { Registry__factory } from "../../client/kernel/registry/contracts/index.js";
import type { LocalChain } from "../../scripts/lib/localChain.js";
import { startLocalChain } from "../../scripts/lib/localChain.js";

/** A real Hardhat network served over JSON-RPC on 127.0.0.1, with funded accounts. */
export type TestChain = LocalChain;

/**
 * Starts a Hardhat network with its JSON-RPC server on 127.0.0.1 and a free port.
 *
 * @returns The running chain.
 */
export const startChain = startLocalChain;

/**
 * Deploys a registry whose admin and first curator is `signers[0]`.
 *
 * @param chain - The chain.
 * @returns The registry address.
 */
export async function deployRegistry(chain: TestChain): Promise<string> {
  const admin = chain.signers[0];
  if (admin === undefined) throw new Error("the chain has no funded account");
  const registry = await new Registry__factory(admin).deploy(0n, admin.address, [admin.address]);
  await registry.waitForDeployment();
  return registry.getAddress();
}
