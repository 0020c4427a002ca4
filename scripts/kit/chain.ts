import type { JsonRpcSigner } from "ethers";
import { JsonRpcProvider } from "ethers";

import { freePort } from "./freePort.js";
import { binScript } from "./paths.js";
import { ChildProcessHandle } from "./process.js";

/** Hardhat's simulated network served over JSON-RPC on 127.0.0.1, with funded, unlocked accounts. */
export interface Chain {
  /** HTTP JSON-RPC URL. */
  readonly rpcUrl: string;
  /** Provider for the caller's own reads and set-up transactions. */
  readonly provider: JsonRpcProvider;
  /** The funded accounts, unlocked on the node. */
  readonly signers: readonly JsonRpcSigner[];
  /** The `hardhat node` process, when the chain runs as one. */
  readonly process: ChildProcessHandle | undefined;
  /** Stops the server (and its process). */
  close(): Promise<void>;
}

/** Options of {@link startChain}. */
export interface StartChainOptions {
  /**
   * `in-process`: Hardhat's network inside this process (fast; what tests use). `process`: a
   * `hardhat node` process, as a person runs it (what the demo and the end-to-end guides use;
   * it outlives nothing but can be stopped with a signal).
   * @default "in-process"
   */
  mode?: "in-process" | "process";
  /** Kill the `hardhat node` process if the caller exits first (`process` mode). @default false */
  killOnExit?: boolean;
  /**
   * `process` mode: the chain keeps the memory it frees. Hardhat's EVM (EDR) allocates with
   * mimalloc, which returns freed memory to the system a few milliseconds after a call; the next
   * call after an idle pause commits it again page by page. On these machines a bootstrap records
   * page of 38 records took 7 ms back to back but 31 ms after one second idle (1,250 page faults and
   * 25 ms more CPU per call); with `MIMALLOC_PURGE_DELAY=-1` 11–14 ms. A benchmark whose client
   * reads the chain once per run, after a pause, measures that re-commit unless the chain keeps its
   * memory, as an RPC endpoint serving other users does.
   * @default false
   */
  keepFreedMemory?: boolean;
}

/**
 * Starts a local chain (automine) with its JSON-RPC server on 127.0.0.1 and a free port, as
 * `npx hardhat node` would.
 *
 * @param options - In this process or as its own.
 * @returns The running chain.
 */
export async function startChain(options: StartChainOptions = {}): Promise<Chain> {
  return options.mode === "process"
    ? startChainProcess(options.killOnExit === true, options.keepFreedMemory === true)
    : startChainInProcess();
}

async function startChainInProcess(): Promise<Chain> {
  // Loaded here: only this mode needs Hardhat inside the caller's process.
  const { network } = await import("hardhat");
  const server = await network.createServer("default", "127.0.0.1", 0);
  const { address, port } = await server.listen();
  return connect(`http://${address}:${port}`, undefined, async () => server.close());
}

async function startChainProcess(killOnExit: boolean, keepFreedMemory: boolean): Promise<Chain> {
  const port = await freePort();
  const node = ChildProcessHandle.spawn({
    name: "hardhat node",
    args: [binScript("hardhat"), "node", "--hostname", "127.0.0.1", "--port", String(port)],
    env: {
      HARDHAT_DISABLE_TELEMETRY_PROMPT: "true",
      ...(keepFreedMemory ? { MIMALLOC_PURGE_DELAY: "-1" } : {}),
    },
    killOnExit,
  });
  try {
    await node.waitForLine(/Started HTTP and WebSocket JSON-RPC server at/, 60_000);
  } catch (err) {
    await node.stop();
    throw err;
  }
  return connect(`http://127.0.0.1:${port}`, node, async () => {
    await node.stop();
  });
}

async function connect(
  rpcUrl: string,
  process: ChildProcessHandle | undefined,
  stop: () => Promise<void>,
): Promise<Chain> {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const accounts = (await provider.send("eth_accounts", [])) as string[];
  const signers = await Promise.all(accounts.map(async (account) => provider.getSigner(account)));
  return {
    rpcUrl,
    provider,
    signers,
    process,
    async close() {
      provider.destroy();
      await stop();
    },
  };
}
