import type { JsonRpcSigner } from "ethers";
import { JsonRpcProvider } from "ethers";
import { network } from "hardhat";

import { Registry__factory } from "../../client/registry/contracts/index.js";

/** A real Hardhat network served over JSON-RPC on 127.0.0.1, with funded accounts. */
export interface TestChain {
  /** HTTP JSON-RPC URL. */
  rpcUrl: string;
  /** Provider for the test's own reads. */
  provider: JsonRpcProvider;
  /** Funded accounts, unlocked on the node. */
  signers: JsonRpcSigner[];
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Starts a Hardhat network with its JSON-RPC server on 127.0.0.1 and a free port.
 *
 * @returns The running chain.
 */
export async function startChain(): Promise<TestChain> {
  const server = await network.createServer("default", "127.0.0.1", 0);
  const { address, port } = await server.listen();
  const rpcUrl = `http://${address}:${port}`;
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const accounts = (await provider.send("eth_accounts", [])) as string[];
  const signers = await Promise.all(accounts.slice(0, 10).map((account) => provider.getSigner(account)));
  return {
    rpcUrl,
    provider,
    signers,
    async close() {
      provider.destroy();
      await server.close();
    },
  };
}

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
