import { HDNodeWallet, Mnemonic } from "ethers";

/** The mnemonic of Hardhat's development accounts (public knowledge; never use on a real chain). */
const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** A funded development account of the local chain. */
export interface DevAccount {
  readonly address: string;
  readonly privateKey: string;
}

/**
 * The `index`-th funded account of Hardhat's local network (the keys `hardhat node` prints at start).
 *
 * @param index - Account index, 0 to 19.
 * @returns Its address and private key.
 */
export function devAccount(index: number): DevAccount {
  const wallet = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(HARDHAT_MNEMONIC), `m/44'/60'/0'/0/${index}`);
  return { address: wallet.address, privateKey: wallet.privateKey };
}
