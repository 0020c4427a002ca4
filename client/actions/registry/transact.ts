import type { ContractTransactionResponse, LogDescription } from "ethers";

import { MissingSignerError } from "../../errors/client.js";
import { WaymarkError } from "../../kernel/errors/base.js";
import { InsufficientFundsError } from "../../kernel/errors/registry.js";
import type { RegistryClient } from "../../kernel/registry/connect.js";
import type { Registry } from "../../kernel/registry/contracts/index.js";
import { registryCall } from "../../kernel/registry/decodeError.js";

/** A mined registry transaction. */
export interface RegistryTransaction {
  /** Transaction hash. */
  hash: string;
  /** Block it was mined in. */
  blockNumber: number;
  /** The registry events it emitted, decoded. */
  events: LogDescription[];
}

/**
 * Sends a registry transaction with the connection's signer and waits until it is mined. Before
 * sending, the node estimates gas, so a call that would revert fails here with its custom error
 * decoded; nothing is broadcast then.
 *
 * @param client - The registry connection; it must carry a signer.
 * @param action - What the transaction does, for error messages (e.g. `Approving provider 3`).
 * @param send - Sends the transaction through the typed contract.
 * @returns The mined transaction and its decoded registry events.
 * @throws MissingSignerError when the connection has no signer.
 * @throws RegistryRevertError named after the contract's custom error when the call reverts.
 * @throws InsufficientFundsError when the signing account cannot pay for the gas (with its
 * address, its balance and the transaction's most cost, as far as the chain tells them).
 * @throws RpcUnreachableError when the chain does not answer.
 */
export async function sendRegistryTransaction(
  client: RegistryClient,
  action: string,
  send: (contract: Registry) => Promise<ContractTransactionResponse>,
): Promise<RegistryTransaction> {
  if (client.signer === undefined) throw new MissingSignerError(action);
  try {
    return await mined(client, action, send);
  } catch (err) {
    if (err instanceof InsufficientFundsError) throw await withBalance(client, err);
    throw err;
  }
}

async function mined(
  client: RegistryClient,
  action: string,
  send: (contract: Registry) => Promise<ContractTransactionResponse>,
): Promise<RegistryTransaction> {
  return registryCall(client.rpcUrl, async () => {
    const response = await send(client.contract);
    const receipt = await response.wait();
    if (receipt === null) throw new WaymarkError(`${action}: the transaction was dropped`);
    const events = receipt.logs.flatMap((log) => {
      if (log.address.toLowerCase() !== client.address.toLowerCase()) return [];
      const parsed = client.contract.interface.parseLog(log);
      return parsed === null ? [] : [parsed];
    });
    return { hash: receipt.hash, blockNumber: receipt.blockNumber, events };
  });
}

/** The error with the account and its balance filled in from the chain where the node left them out. */
async function withBalance(
  client: RegistryClient,
  err: InsufficientFundsError,
): Promise<InsufficientFundsError> {
  try {
    const account = err.account ?? (await client.signer?.getAddress());
    if (account === undefined) return err;
    const balance = err.balance ?? (await client.provider.getBalance(account));
    return new InsufficientFundsError({ account, balance, cost: err.cost }, { cause: err.cause });
  } catch {
    // The figures are a courtesy: the cause is known either way.
    return err;
  }
}

/**
 * The first argument of the first event of a name, e.g. the provider id of `ProviderApplied`.
 *
 * @param transaction - A mined transaction.
 * @param eventName - The event to look for.
 * @returns The argument.
 * @throws WaymarkError when the transaction did not emit the event.
 */
export function eventArgument(transaction: RegistryTransaction, eventName: string): unknown {
  const event = transaction.events.find((e) => e.name === eventName);
  if (event === undefined) throw new WaymarkError(`The transaction emitted no ${eventName} event`);
  return event.args[0];
}
