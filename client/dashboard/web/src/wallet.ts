import type { Eip1193Provider, JsonRpcSigner } from "ethers";
import { BrowserProvider } from "ethers";

import type { Registry } from "../../../kernel/registry/contracts/index.js";
import { Registry__factory } from "../../../kernel/registry/contracts/index.js";

declare global {
  interface Window {
    /** The browser wallet (EIP-1193), when one is installed. */
    ethereum?: Eip1193Provider;
  }
}

/** A connected browser wallet. */
export interface Wallet {
  account: string;
  /** The wallet's chain id. */
  chainId: bigint;
  signer: JsonRpcSigner;
  /** The registry, signing with the wallet. */
  contract: Registry;
}

/** There is no `window.ethereum`. */
export class NoWalletError extends Error {
  override name = "NoWalletError" as const;
}

/**
 * Connects the browser's wallet: its first account (asking for access when none is shared yet).
 *
 * @param registry - The registry address.
 * @returns The wallet.
 * @throws NoWalletError when the browser has no wallet.
 */
export async function connectWallet(registry: string): Promise<Wallet> {
  const ethereum = window.ethereum;
  if (ethereum === undefined) throw new NoWalletError("This browser has no wallet (no window.ethereum).");
  const provider = new BrowserProvider(ethereum);
  let accounts = (await provider.send("eth_accounts", [])) as string[];
  if (accounts.length === 0) accounts = (await provider.send("eth_requestAccounts", [])) as string[];
  const account = accounts[0];
  if (account === undefined) throw new NoWalletError("The wallet shared no account.");
  const signer = await provider.getSigner(account);
  const chainId = BigInt((await provider.send("eth_chainId", [])) as string);
  return { account: signer.address, chainId, signer, contract: Registry__factory.connect(registry, signer) };
}
