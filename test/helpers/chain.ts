import type { Chain } from "../../scripts/kit/chain.js";

/** A real Hardhat network served over JSON-RPC on 127.0.0.1, with funded accounts. */
export type TestChain = Chain;

export { startChain } from "../../scripts/kit/chain.js";
export { deployRegistry } from "../../scripts/kit/registry.js";
