import { ECDH } from "node:crypto";

import type { PeerId } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { computeAddress, hexlify } from "ethers";
import { base58btc } from "multiformats/bases/base58";

import { InvalidPeerIdError } from "../errors/input.js";
import { checksumAddressOf } from "./checksumAddress.js";

/**
 * The node address of a libp2p peer: the Ethereum address of its secp256k1 public key, which a
 * secp256k1 peer id embeds. No lookup is needed, and the Noise handshake proves that the peer
 * holds the key, so the verified address and the connected peer are the same node.
 *
 * A secp256k1 peer id given as text in its usual form (`16Uiu2…`, see
 * {@link SECP256K1_PEER_ID_PREFIX}) is read without libp2p's parse: one decompression of the key
 * where parsing it and deriving the address take three. A client reads every bootstrap record's
 * peer id to check it against the record's node, and dials only a few of them.
 *
 * @param peerId - A peer id or its string form (`16Uiu2…`).
 * @returns The checksummed node address.
 * @throws InvalidPeerIdError when the peer id is malformed, not a secp256k1 identity, or holds a
 * key that is not a point of the curve.
 * @example
 * ```ts
 * nodeAddressFromPeerId("16Uiu2HAm…") // "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
 * ```
 */
export function nodeAddressFromPeerId(peerId: PeerId | string): string {
  const usual = typeof peerId === "string" ? usualSecp256k1NodeAddress(peerId) : undefined;
  if (usual !== undefined) return usual;
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

/**
 * How a secp256k1 peer id's bytes begin, before the key: an identity multihash (code 0x00) of 37
 * bytes holding libp2p's `PublicKey` protobuf with `Type` secp256k1 (2) and `Data` of 33 bytes,
 * the compressed key. This is the one encoding libp2p gives such a peer id.
 */
const SECP256K1_PEER_ID_PREFIX = Uint8Array.of(0x00, 0x25, 0x08, 0x02, 0x12, 0x21);
const SECP256K1_PEER_ID_BYTES = SECP256K1_PEER_ID_PREFIX.length + 33;

/**
 * The node address of a peer id in the usual secp256k1 form, with one decompression of its key,
 * made by the runtime's OpenSSL (about a quarter of the time it takes in JavaScript), which also
 * refuses a key that is not a point of the curve.
 *
 * @param text - A peer id's string form.
 * @returns The checksummed node address; undefined when the text is not in that form (another key
 * type, a CID, or no peer id at all), for the caller to parse with libp2p.
 * @throws InvalidPeerIdError when it is in that form but its key is not a point of the curve.
 */
export function usualSecp256k1NodeAddress(text: string): string | undefined {
  const key = secp256k1KeyOf(text);
  if (key === undefined) return undefined;
  let uncompressed: Uint8Array;
  try {
    uncompressed = ECDH.convertKey(key, "secp256k1", undefined, undefined, "uncompressed") as Buffer;
  } catch (err) {
    throw new InvalidPeerIdError(text, err instanceof Error ? err.message : "not a secp256k1 key");
  }
  return checksumAddressOf(keccak_256(uncompressed.subarray(1)).subarray(12));
}

/** The compressed key of a peer id in the usual secp256k1 form, or undefined for any other text. */
function secp256k1KeyOf(text: string): Uint8Array | undefined {
  let bytes: Uint8Array;
  try {
    bytes = base58btc.baseDecode(text);
  } catch {
    return undefined;
  }
  if (bytes.length !== SECP256K1_PEER_ID_BYTES) return undefined;
  for (let i = 0; i < SECP256K1_PEER_ID_PREFIX.length; i++) {
    if (bytes[i] !== SECP256K1_PEER_ID_PREFIX[i]) return undefined;
  }
  return bytes.subarray(SECP256K1_PEER_ID_PREFIX.length);
}
