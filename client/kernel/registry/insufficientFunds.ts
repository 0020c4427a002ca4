import { getAddress, isError, isHexString, Transaction } from "ethers";

import type { InsufficientFundsErrorParameters } from "../errors/registry.js";
import { InsufficientFundsError } from "../errors/registry.js";

/**
 * How chains' nodes say that the sender cannot pay: geth, anvil and most others "insufficient funds
 * for gas * price + value" (ethers then reports `INSUFFICIENT_FUNDS`); Hardhat "Sender doesn't have
 * enough funds to send tx", which ethers does not recognise (`UNKNOWN_ERROR`).
 */
const NO_FUNDS = /insufficient funds|doesn't have enough funds|does not have enough funds/i;

/**
 * The {@link InsufficientFundsError} a failed transaction means, if the chain refused it because
 * the signing account cannot pay for its gas. The account and cost come from the signed
 * transaction the error carries, and the figures from the node's message where it gives them
 * (Hardhat: "max upfront cost is: N and the sender's balance is: M"; geth: "have M want N").
 *
 * @param err - What ethers threw while sending.
 * @returns The error, or undefined when `err` is about something else.
 */
export function insufficientFundsError(err: unknown): InsufficientFundsError | undefined {
  const message = nodeMessage(err);
  if (!isError(err, "INSUFFICIENT_FUNDS") && (message === undefined || !NO_FUNDS.test(message))) {
    return undefined;
  }
  return new InsufficientFundsError(
    { ...fromMessage(message ?? ""), ...fromTransaction(sentTransaction(err)) },
    { cause: err },
  );
}

/** The JSON-RPC error message the node answered with, if the error carries one. */
function nodeMessage(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const { error, info } = err as { error?: { message?: unknown }; info?: { error?: { message?: unknown } } };
  const text = error?.message ?? info?.error?.message;
  return typeof text === "string" ? text : undefined;
}

/** The transaction ethers was sending: the raw signed hex, or a request object. */
function sentTransaction(err: unknown): unknown {
  if (typeof err !== "object" || err === null) return undefined;
  const { transaction, payload } = err as { transaction?: unknown; payload?: { params?: unknown[] } };
  return transaction ?? payload?.params?.[0];
}

function fromTransaction(sent: unknown): InsufficientFundsErrorParameters {
  if (typeof sent === "string" && isHexString(sent)) {
    try {
      const tx = Transaction.from(sent);
      const fee = tx.maxFeePerGas ?? tx.gasPrice;
      return {
        ...(tx.from === null ? {} : { account: tx.from }),
        ...(fee === null ? {} : { cost: tx.gasLimit * fee + tx.value }),
      };
    } catch {
      return {};
    }
  }
  if (typeof sent === "object" && sent !== null) {
    const { from } = sent as { from?: unknown };
    if (typeof from === "string") {
      try {
        return { account: getAddress(from) };
      } catch {
        return {};
      }
    }
  }
  return {};
}

function fromMessage(message: string): InsufficientFundsErrorParameters {
  const number = (pattern: RegExp): bigint | undefined => {
    const match = pattern.exec(message);
    return match?.[1] === undefined ? undefined : BigInt(match[1]);
  };
  const address = /address (0x[0-9a-fA-F]{40})/.exec(message)?.[1];
  return {
    ...(address === undefined ? {} : { account: getAddress(address) }),
    balance: number(/balance is:? (\d+)/i) ?? number(/\bhave (\d+)/i),
    cost: number(/upfront cost is:? (\d+)/i) ?? number(/\bwant (\d+)/i),
  };
}
