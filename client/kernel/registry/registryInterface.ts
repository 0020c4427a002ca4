import type { RegistryInterface } from "./contracts/Registry.js";
import { Registry__factory } from "./contracts/index.js";

/**
 * The registry's ABI, parsed once per process and shared by every connection: parsing it (about
 * 110 fragments, a keccak for each selector) is a few milliseconds of CPU, which a new connection
 * would otherwise spend each time.
 */
export const REGISTRY_INTERFACE: RegistryInterface = Registry__factory.createInterface();
