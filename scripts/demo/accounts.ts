import { HDNodeWallet, Mnemonic } from "ethers";

/** The mnemonic of Hardhat's development accounts (public knowledge; never use on a real chain). */
const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** A funded development account of the local chain. */
export interface DemoAccount {
  readonly address: string;
  readonly privateKey: string;
}

/**
 * The `index`-th funded account of `hardhat node` (the same keys it prints at start).
 *
 * @param index - Account index, 0 to 19.
 * @returns Its address and private key.
 */
export function devAccount(index: number): DemoAccount {
  const wallet = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(HARDHAT_MNEMONIC), `m/44'/60'/0'/0/${index}`);
  return { address: wallet.address, privateKey: wallet.privateKey };
}

/** Who plays which role in the demo. */
export const ROLES = {
  /** Deploys the registry; its default admin and first curator. */
  curator: devAccount(0),
  /** Owner of "Alpha Mail", admitted directly by the curator. */
  alpha: devAccount(1),
  /** Owner of "Beta Relay", which applies and is approved. */
  beta: devAccount(2),
} as const;
