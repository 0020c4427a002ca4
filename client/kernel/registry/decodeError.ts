import { isError } from "ethers";

import { WaymarkError } from "../errors/base.js";
import { redactError } from "../errors/redactError.js";
import { RegistryRevertError, RpcUnreachableError } from "../errors/registry.js";
import { insufficientFundsError } from "./insufficientFunds.js";
import { REGISTRY_INTERFACE as registryInterface } from "./registryInterface.js";
import { revertHint } from "./revertHints.js";

/**
 * Turns whatever a registry call threw into a Waymark error: a revert becomes a
 * {@link RegistryRevertError} named after the contract's custom error, with a hint for the errors a
 * person meets most; a transaction the signer cannot pay for becomes an `InsufficientFundsError`
 * (whatever words the chain's node uses: ethers' `INSUFFICIENT_FUNDS`, or Hardhat's "Sender doesn't
 * have enough funds"); a transport failure becomes an {@link RpcUnreachableError}. Waymark errors pass through unchanged. Any other error is kept
 * as the cause with its URLs redacted: an RPC library's error quotes the request URL, API key
 * included.
 *
 * @param err - What the call threw.
 * @param rpcUrl - The RPC URL, for the message (redacted there).
 * @returns The error to throw.
 */
export function toRegistryError(err: unknown, rpcUrl?: string): WaymarkError {
  if (err instanceof WaymarkError) return err;
  if (isError(err, "CALL_EXCEPTION")) {
    const data = err.data;
    if (typeof data === "string" && data.length >= 10) {
      const decoded = registryInterface.parseError(data);
      if (decoded !== null) {
        const args = [...decoded.args];
        return new RegistryRevertError(decoded.name, args, {
          cause: err,
          hint: revertHint(decoded.name, args),
        });
      }
    }
    return new RegistryRevertError(err.reason ?? "unknown", [], { cause: err });
  }
  const unpaid = insufficientFundsError(err);
  if (unpaid !== undefined) return unpaid;
  if (
    isError(err, "NETWORK_ERROR") ||
    isError(err, "TIMEOUT") ||
    isError(err, "SERVER_ERROR") ||
    isError(err, "UNKNOWN_ERROR") ||
    isConnectionError(err)
  ) {
    return new RpcUnreachableError(rpcUrl, { cause: err });
  }
  return new WaymarkError("A registry call failed", { cause: redactError(err) });
}

/**
 * Runs a registry call and rethrows its failure as a Waymark error.
 *
 * @param rpcUrl - The RPC URL, for messages (redacted there).
 * @param call - The call.
 * @returns The call's result.
 */
export async function registryCall<T>(rpcUrl: string | undefined, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toRegistryError(err, rpcUrl);
  }
}

function isConnectionError(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === "ECONNREFUSED" || code === "ECONNRESET" || code === "ENOTFOUND" || code === "EHOSTUNREACH") {
      return true;
    }
    current = current.cause;
  }
  return false;
}
