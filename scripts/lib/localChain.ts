import type { JsonRpcSigner } from "ethers";
import { JsonRpcProvider } from "ethers";
import { network } from "hardhat";

/** Hardhat's simulated network served over JSON-RPC on 127.0.0.1, with funded, unlocked accounts. */
export interface LocalChain {
  /** HTTP JSON-RPC URL. */
  readonly rpcUrl: string;
  /** Provider for the caller's own reads and set-up transactions. */
  readonly provider: JsonRpcProvider;
  /** The funded accounts, unlocked on the node. */
  readonly signers: readonly JsonRpcSigner[];
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Starts Hardhat's simulated network (automine) inside this process, with its JSON-RPC server on
 * 127.0.0.1 and a free port, as `npx hardhat node` would.
 *
 * @returns The running chain.
 */
export async function startLocalChain(): Promise<LocalChain> {
  const server = await network.createServer("default", "127.0.0.1", 0);
  const { address, port } = await server.listen();
  const rpcUrl = `http://${address}:${port}`;
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const accounts = (await provider.send("eth_accounts", [])) as string[];
  const signers = await Promise.all(accounts.map(async (account) => provider.getSigner(account)));
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
