import { redactUrl } from "../text/redactUrl.js";
import { WaymarkError } from "./base.js";
import { redactError } from "./redactError.js";

/**
 * A registry call reverted; `errorName` and `args` are the decoded custom error, and `hint` says
 * what to do about the errors a person meets most (a consent used twice, an expired signature, the
 * wrong signing key, …).
 */
export class RegistryRevertError extends WaymarkError {
  override name = "RegistryRevertError" as const;
  /** The custom error's name, e.g. `RegistryInvalidNonce`, or `unknown` when it could not be decoded. */
  readonly errorName: string;
  /** The custom error's arguments, in declaration order. */
  readonly args: readonly unknown[];

  /**
   * @param errorName - Decoded custom error name.
   * @param args - Decoded arguments.
   * @param options - The original error, and a hint for a person.
   */
  constructor(
    errorName: string,
    args: readonly unknown[],
    options: { cause?: unknown; hint?: string | undefined } = {},
  ) {
    super(`The registry rejected the call: ${errorName}(${args.map(String).join(", ")})`, options);
    this.errorName = errorName;
    this.args = args;
  }
}

/**
 * The chain's JSON-RPC endpoint could not be reached or did not answer in time. The URL often
 * carries an API key (`https://mainnet.infura.io/v3/KEY`), so the error names only its scheme, host
 * and port, and its cause is a copy with every URL redacted the same way.
 */
export class RpcUnreachableError extends WaymarkError {
  override name = "RpcUnreachableError" as const;
  /** The endpoint that failed, redacted to `scheme://host[:port]`. */
  readonly url: string | undefined;

  /**
   * @param url - The endpoint, when known (redacted here).
   * @param options - The original error (kept redacted).
   */
  constructor(url: string | undefined, options: { cause?: unknown } = {}) {
    const shown = url === undefined ? undefined : redactUrl(url);
    super(`The chain RPC ${shown ?? "endpoint"} is unreachable`, { cause: redactError(options.cause) });
    this.url = shown;
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
