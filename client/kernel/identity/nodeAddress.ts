import type { PeerId } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { computeAddress, hexlify } from "ethers";

import { InvalidPeerIdError } from "../errors/input.js";

/**
 * The node address of a libp2p peer: the Ethereum address of its secp256k1 public key, which a
 * secp256k1 peer id embeds. No lookup is needed, and the Noise handshake proves that the peer
 * holds the key, so the verified address and the connected peer are the same node.
 *
 * @param peerId - A peer id or its string form (`16Uiu2…`).
 * @returns The checksummed node address.
 * @throws InvalidPeerIdError when the peer id is malformed or not a secp256k1 identity.
 * @example
 * ```ts
 * nodeAddressFromPeerId("16Uiu2HAm…") // "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
 * ```
 */
export function nodeAddressFromPeerId(peerId: PeerId | string): string {
  let id: PeerId;
  try {
    id = typeof peerId === "string" ? peerIdFromString(peerId) : peerId;
  } catch (err) {
    throw new InvalidPeerIdError(String(peerId), err instanceof Error ? err.message : "malformed");
  }
  if (id.type !== "secp256k1") {
    throw new InvalidPeerIdError(id.toString(), `its key type is ${id.type}, not secp256k1`);
  }
  return computeAddress(hexlify(id.publicKey.raw));
}
