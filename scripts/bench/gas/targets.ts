/** A gas budget an operation should stay within. */
export interface GasTarget {
  /** The budget. */
  readonly limit: number;
  /** Whether the budget itself is allowed (`≤`) or must be undercut (`<`). */
  readonly inclusive: boolean;
}

/** Registering a node: at most 120,000 gas. */
export const REGISTER_NODE_TARGET: GasTarget = { limit: 120_000, inclusive: true };

/** Approving a provider: at most 60,000 gas. */
export const APPROVE_PROVIDER_TARGET: GasTarget = { limit: 60_000, inclusive: true };

/** `verifyNodes`: under 10,000 gas per node. */
export const VERIFY_PER_NODE_TARGET: GasTarget = { limit: 10_000, inclusive: false };

/** A well-known on-chain operation, printed beside the figures for scale. */
export interface GasAnchor {
  /** What it is. */
  readonly name: string;
  /** Its typical gas, approximately. */
  readonly gas: number;
}

/** Anchors for scale: registering a name in ENS and inserting a membership in an RLN contract. */
export const ANCHORS: readonly GasAnchor[] = [
  { name: "ENS name registration", gas: 260_000 },
  { name: "RLN membership insert", gas: 135_000 },
];

/**
 * The target of a registry write, if it has one.
 *
 * @param operation - The operation label, starting with the function name.
 * @returns The target, or `undefined`.
 */
export function targetFor(operation: string): GasTarget | undefined {
  const name = operation.split(" ", 1)[0];
  if (name === "registerNode") return REGISTER_NODE_TARGET;
  if (name === "approveProvider") return APPROVE_PROVIDER_TARGET;
  return undefined;
}

/**
 * Whether a figure is within a target.
 *
 * @param gas - The figure.
 * @param target - The target.
 * @returns True when it is.
 */
export function withinTarget(gas: number, target: GasTarget): boolean {
  return target.inclusive ? gas <= target.limit : gas < target.limit;
}

/**
 * A target as text, for example `≤ 120,000`.
 *
 * @param target - The target.
 * @returns The text.
 */
export function describeTarget(target: GasTarget): string {
  return `${target.inclusive ? "≤" : "<"} ${target.limit.toLocaleString("en-US")}`;
}

/** A cap some nodes put on the gas of one `eth_call`, to compare a read's gas with. */
export interface CallGasCap {
  /** Who applies it. */
  readonly name: string;
  /** The cap. */
  readonly gas: number;
}

/**
 * Common caps on the gas of one `eth_call`, highest first. A call over a node's cap fails there with
 * an out-of-gas error, whatever the caller asks for.
 */
export const ETH_CALL_GAS_CAPS: readonly CallGasCap[] = [
  { name: "geth, Erigon and reth default (--rpc.gascap)", gas: 50_000_000 },
  { name: "Monad's default eth_call limit", gas: 30_000_000 },
  { name: "geth's earlier default, kept by some of its forks", gas: 25_000_000 },
  {
    name:
      "EIP-7825's transaction gas cap (2^24, from Osaka): the gas Hardhat gives a call that names none, " +
      "and the highest eth_estimateGas goes on Osaka chains",
    gas: 16_777_216,
  },
];
