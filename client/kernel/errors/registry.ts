import { formatEther } from "ethers";

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

/**
 * A registry view answered with bytes that do not have the view's ABI layout: an offset or a length
 * points outside the answer, or a string is not UTF-8. The endpoint, or whatever stands at the
 * address, is not the registry the client expects; nothing of the answer is used.
 */
export class RegistryAnswerError extends WaymarkError {
  override name = "RegistryAnswerError" as const;
  /** The view whose answer it was, for example `getBootstrapRecords`. */
  readonly view: string;

  /**
   * @param view - The view whose answer it was.
   * @param what - What was out of place.
   */
  constructor(view: string, what: string) {
    super(`The registry's ${view} answer is malformed: ${what}`);
    this.view = view;
  }
}

/** Parameters of {@link InsufficientFundsError}. */
export interface InsufficientFundsErrorParameters {
  /** The account that signed the transaction, when known. */
  account?: string | undefined;
  /** Its balance in wei, when known. */
  balance?: bigint | undefined;
  /** The most the transaction may cost in wei (gas limit × max fee per gas + value), when known. */
  cost?: bigint | undefined;
}

/**
 * The chain refused a transaction because the signing account cannot pay for its gas: the chain
 * answered, so this is not an unreachable RPC. Fund the account with the chain's native currency
 * (on a local Hardhat chain, from one of its funded accounts) and send again.
 */
export class InsufficientFundsError extends WaymarkError {
  override name = "InsufficientFundsError" as const;
  /** The account that signed the transaction, when known. */
  readonly account: string | undefined;
  /** Its balance in wei, when known. */
  readonly balance: bigint | undefined;
  /** The most the transaction may cost in wei, when known. */
  readonly cost: bigint | undefined;

  /**
   * @param parameters - Account, balance and cost, as far as they are known.
   * @param options - The original error (kept redacted).
   */
  constructor(parameters: InsufficientFundsErrorParameters, options: { cause?: unknown } = {}) {
    const { account, balance, cost } = parameters;
    const figures = [
      ...(balance === undefined ? [] : [`balance ${formatEther(balance)}`]),
      ...(cost === undefined ? [] : [`the transaction may cost up to ${formatEther(cost)}`]),
    ];
    super(
      `The account ${account ?? "that signed"} has too little to pay for gas${figures.length === 0 ? "" : `: ${figures.join(", ")}`}`,
      {
        cause: redactError(options.cause),
        details: "amounts in ether units of the chain's native currency",
        hint: `send the account${account === undefined ? "" : ` ${account}`} some of the chain's native currency, then try again`,
      },
    );
    this.account = account;
    this.balance = balance;
    this.cost = cost;
  }
}

/**
 * A provider that cannot register nodes: it does not exist (`status` is `None`), or it is not
 * active. Raised before a node key signs a consent for it, when the chain can be asked.
 */
export class ProviderNotActiveError extends WaymarkError {
  override name = "ProviderNotActiveError" as const;
  /** The provider id. */
  readonly providerId: bigint;
  /** Its status as the registry names it (`None` when no provider has the id). */
  readonly status: string;

  /**
   * @param providerId - The provider id.
   * @param status - Its status (`None`, `Pending`, `Suspended`, `Rejected`, `Retired`).
   * @param options - Where it was looked up, for the message.
   */
  constructor(providerId: bigint, status: string, options: { registry?: string; chainId?: bigint } = {}) {
    const where =
      options.registry === undefined
        ? ""
        : ` in registry ${options.registry}${options.chainId === undefined ? "" : ` on chain ${options.chainId}`}`;
    super(
      status === "None"
        ? `No provider has id ${providerId}${where}`
        : `Provider ${providerId} is ${status}${where}: it cannot register nodes`,
      { hint: providerHint(providerId, status) },
    );
    this.providerId = providerId;
    this.status = status;
  }
}

function providerHint(providerId: bigint, status: string): string {
  switch (status) {
    case "None":
      return "check the id with the provider (waymark provider list), and the registry and chain you ask";
    case "Pending":
      return `sign once a curator has approved it (waymark curator approve ${providerId})`;
    case "Suspended":
      return `sign once a curator has reinstated it (waymark curator reinstate ${providerId})`;
    default:
      return "it will never register nodes again: ask the provider for the id it has now";
  }
}
