import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { getAddress } from "ethers";

import { WaymarkError } from "../../kernel/errors/base.js";

/** The Ignition future id of the registry contract. */
export const REGISTRY_FUTURE_ID = "Registry#Registry";

/**
 * The registry address recorded by a Hardhat Ignition deployment
 * (`scripts/ignition/deployments/<deployment id>/deployed_addresses.json`).
 *
 * @param deploymentDir - The deployment's folder, e.g. `scripts/ignition/deployments/chain-31337`.
 * @returns The checksummed registry address.
 * @throws WaymarkError when the file is missing or has no registry.
 */
export async function readDeployedRegistryAddress(deploymentDir: string): Promise<string> {
  const file = join(deploymentDir, "deployed_addresses.json");
  let addresses: Record<string, unknown>;
  try {
    addresses = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  } catch (err) {
    throw new WaymarkError(`Cannot read the deployment record ${file}`, { cause: err });
  }
  const address = addresses[REGISTRY_FUTURE_ID];
  if (typeof address !== "string") throw new WaymarkError(`${file} records no ${REGISTRY_FUTURE_ID}`);
  return getAddress(address);
}
