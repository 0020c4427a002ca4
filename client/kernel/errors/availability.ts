import { WaymarkError } from "./base.js";
import { RpcUnreachableError } from "./registry.js";

/** Parameters of {@link StaleChainError}. */
export interface StaleChainErrorParameters {
  /** The latest block the RPC endpoint named. */
  blockNumber: number;
  /** That block's timestamp, in milliseconds since the epoch. */
  blockTimestampMs: number;
  /** How old the block was when it was read, in milliseconds. */
  ageMs: number;
  /** The client's bound (`maxBlockAgeMs`), in milliseconds. */
  maxBlockAgeMs: number;
}

/**
 * The chain RPC's latest block is older than the client accepts (`maxBlockAgeMs`): the endpoint
 * lags behind the chain, or is stuck, so what it says about the registry may be out of date. Such
 * an answer counts as the registry being unavailable, not as a fresh verification.
 */
export class StaleChainError extends WaymarkError {
  override name = "StaleChainError" as const;
  /** The latest block the RPC endpoint named. */
  readonly blockNumber: number;
  /** That block's timestamp, in milliseconds since the epoch. */
  readonly blockTimestampMs: number;
  /** How old the block was, in milliseconds. */
  readonly ageMs: number;
  /** The bound it exceeded, in milliseconds. */
  readonly maxBlockAgeMs: number;

  /** @param parameters - The block, its age and the bound. */
  constructor(parameters: StaleChainErrorParameters) {
    super(
      `The chain RPC's latest block (${parameters.blockNumber}) is ${seconds(parameters.ageMs)} old, more than the ${seconds(parameters.maxBlockAgeMs)} the client accepts`,
      { details: "the endpoint lags behind the chain; its view of the registry may be out of date" },
    );
    this.blockNumber = parameters.blockNumber;
    this.blockTimestampMs = parameters.blockTimestampMs;
    this.ageMs = parameters.ageMs;
    this.maxBlockAgeMs = parameters.maxBlockAgeMs;
  }
}

/**
 * Whether an error means the registry could not be asked, or its answer cannot be relied on as
 * current, rather than that it refused: the chain RPC is unreachable or lags, or the registry
 * cannot be used at all.
 *
 * @param err - What a registry request threw.
 * @returns True for {@link RpcUnreachableError}, {@link StaleChainError} and
 * `RegistryUnavailableError`.
 */
export function isRegistryUnavailable(
  err: unknown,
): err is RpcUnreachableError | StaleChainError | RegistryUnavailableError {
  return (
    err instanceof RpcUnreachableError ||
    err instanceof StaleChainError ||
    err instanceof RegistryUnavailableError
  );
}

function seconds(ms: number): string {
  return `${(ms / 1_000).toFixed(1)} s`;
}

/**
 * The registry cannot be used by this client although the chain answers: no registry at the
 * address, another chain than the configured `chainId`, or a trusted provider that does not exist.
 * Registry servers are then unavailable (custom servers still work); `cause` says why.
 */
export class RegistryUnavailableError extends WaymarkError {
  override name = "RegistryUnavailableError" as const;

  /** @param options - Why the registry cannot be used. */
  constructor(options: { cause: unknown }) {
    super("Registry servers are unavailable: the registry cannot be used", options);
  }
}
