import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { getAddress } from "ethers";

import { isRecord } from "../config/values.js";

/** The file in the data directory that remembers the registry's chain id. */
export const CHAIN_FILE = "chain.json";

/**
 * The chain id remembered for a registry, so that a restarted node can announce its service key
 * while the chain does not answer.
 *
 * @param dataDir - The node's data directory.
 * @param registry - The configured registry address.
 * @returns The chain id last seen for that registry, or undefined.
 */
export async function recallChainId(dataDir: string, registry: string): Promise<bigint | undefined> {
  try {
    const saved: unknown = JSON.parse(await readFile(join(dataDir, CHAIN_FILE), "utf8"));
    if (!isRecord(saved) || typeof saved.chainId !== "string" || typeof saved.registry !== "string")
      return undefined;
    if (getAddress(saved.registry) !== getAddress(registry) || !/^\d+$/.test(saved.chainId)) return undefined;
    return BigInt(saved.chainId);
  } catch {
    return undefined;
  }
}

/**
 * Remembers the registry's chain id in the data directory.
 *
 * @param dataDir - The node's data directory.
 * @param registry - The registry address.
 * @param chainId - The chain id the chain reported.
 */
export async function rememberChainId(dataDir: string, registry: string, chainId: bigint): Promise<void> {
  const file = join(dataDir, CHAIN_FILE);
  const temporary = `${file}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ registry, chainId: chainId.toString() }, null, 2)}\n`);
  await rename(temporary, file);
}
