import type { PrivateKey } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { hexlify, Wallet } from "ethers";

import { InvalidPeerIdError } from "../errors/input.js";

/**
 * The EIP-712 signer of a node's libp2p key. The node key signs consents and retirements; it never
 * needs to hold funds.
 *
 * @param privateKey - The node's secp256k1 libp2p private key.
 * @returns An ethers wallet whose address is the node address.
 * @throws InvalidPeerIdError when the key is not secp256k1.
 */
export function nodeWallet(privateKey: PrivateKey): Wallet {
  if (privateKey.type !== "secp256k1") {
    throw new InvalidPeerIdError(
      peerIdFromPrivateKey(privateKey).toString(),
      `its key type is ${privateKey.type}`,
    );
  }
  return new Wallet(hexlify(privateKey.raw));
}
