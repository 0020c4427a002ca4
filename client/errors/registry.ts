import { WaymarkError } from "./base.js";

/** A registry call reverted; `errorName` and `args` are the decoded custom error. */
export class RegistryRevertError extends WaymarkError {
  override name = "RegistryRevertError" as const;
  /** The custom error's name, e.g. `RegistryInvalidNonce`, or `unknown` when it could not be decoded. */
  readonly errorName: string;
  /** The custom error's arguments, in declaration order. */
  readonly args: readonly unknown[];

  /**
   * @param errorName - Decoded custom error name.
   * @param args - Decoded arguments.
   * @param options - The original error.
   */
  constructor(errorName: string, args: readonly unknown[], options: { cause?: unknown } = {}) {
    super(`The registry rejected the call: ${errorName}(${args.map(String).join(", ")})`, options);
    this.errorName = errorName;
    this.args = args;
  }
}

/** The chain's JSON-RPC endpoint could not be reached or did not answer in time. */
export class RpcUnreachableError extends WaymarkError {
  override name = "RpcUnreachableError" as const;
  /** The endpoint that failed. */
  readonly url: string | undefined;

  /**
   * @param url - The endpoint, when known.
   * @param options - The original error.
   */
  constructor(url: string | undefined, options: { cause?: unknown } = {}) {
    super(`The chain RPC ${url ?? "endpoint"} is unreachable`, options);
    this.url = url;
  }
}

/** No registry contract answers at the configured address on this chain. */
export class RegistryNotFoundError extends WaymarkError {
  override name = "RegistryNotFoundError" as const;

  /**
   * @param address - The configured registry address.
   * @param chainId - The chain that was asked.
   */
  constructor(address: string, chainId: bigint) {
    super(`No Waymark registry is deployed at ${address} on chain ${chainId}`);
  }
}
