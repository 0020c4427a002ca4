import { getBytes, keccak256 } from "ethers";

/** Bytes of a key hash: keccak-256 of (owner ‖ name). */
export const KEY_HASH_BYTES = 32;

/** Bytes of the signature's head a listed id carries, to break ties between equal sequences. */
export const SIGNATURE_HEAD_BYTES = 8;

/** Bytes of a listed id: key hash, sequence (8 bytes, big-endian), signature head. */
export const LISTED_ID_BYTES = KEY_HASH_BYTES + 8 + SIGNATURE_HEAD_BYTES;

/** Bytes of the key hash a position is made of: positions span `[0, 2^48 - 1]`. */
const POSITION_BYTES = 6;

/** The highest position: the key space is `[0, MAX_POSITION]`. */
export const MAX_POSITION = 2 ** (8 * POSITION_BYTES) - 1;

/** What a listed id names. */
export interface ListedId {
  /** keccak-256 of (owner ‖ name). */
  keyHash: Uint8Array;
  /** The record's sequence. */
  sequence: number;
  /** The first {@link SIGNATURE_HEAD_BYTES} bytes of its signature. */
  signatureHead: Uint8Array;
}

/**
 * The hash of a record's key: keccak-256 of the owner's 20 bytes followed by the name's bytes (the
 * owner has a fixed length, so no two keys share an input).
 *
 * @param owner - The owner address (any case), or its bytes as received.
 * @param name - The record name.
 * @returns 32 bytes.
 */
export function recordKeyHash(owner: string | Uint8Array, name: string): Uint8Array {
  const ownerBytes = getBytes(owner);
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(ownerBytes.byteLength + nameBytes.byteLength);
  input.set(ownerBytes);
  input.set(nameBytes, ownerBytes.byteLength);
  return getBytes(keccak256(input));
}

/**
 * A key's position: the first six bytes of its hash, big-endian, so that ranges of positions are
 * slices of the key space of about equal weight.
 *
 * @param keyHash - The key hash.
 * @returns An integer in `[0, 2^48 - 1]`.
 */
export function positionOf(keyHash: Uint8Array): number {
  let position = 0;
  for (let i = 0; i < POSITION_BYTES; i++) position = position * 256 + (keyHash[i] ?? 0);
  return position;
}

/**
 * The id a record is listed under: its key hash, its sequence and the head of its signature, so
 * that two nodes holding the same key at different versions list different ids.
 *
 * @param keyHash - The key hash.
 * @param sequence - The sequence.
 * @param signature - The signature.
 * @returns {@link LISTED_ID_BYTES} bytes.
 */
export function listedId(keyHash: Uint8Array, sequence: number, signature: Uint8Array): Uint8Array {
  const id = new Uint8Array(LISTED_ID_BYTES);
  id.set(keyHash.subarray(0, KEY_HASH_BYTES));
  new DataView(id.buffer).setBigUint64(KEY_HASH_BYTES, BigInt(sequence));
  id.set(signature.subarray(0, SIGNATURE_HEAD_BYTES), KEY_HASH_BYTES + 8);
  return id;
}

/**
 * What a listed id names.
 *
 * @param id - Bytes from a listing.
 * @returns The parts, or undefined when the bytes are not a listed id.
 */
export function parseListedId(id: Uint8Array): ListedId | undefined {
  if (id.byteLength !== LISTED_ID_BYTES) return undefined;
  const sequence = new DataView(id.buffer, id.byteOffset, id.byteLength).getBigUint64(KEY_HASH_BYTES);
  if (sequence > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return {
    keyHash: id.slice(0, KEY_HASH_BYTES),
    sequence: Number(sequence),
    signatureHead: id.slice(KEY_HASH_BYTES + 8),
  };
}

/**
 * What digests sum for a record: the first four bytes of the keccak-256 of its listed id, as an
 * unsigned integer, so that two nodes holding the same keys at the same versions have the same
 * sums and any difference in a key or a version changes them.
 *
 * @param id - The listed id.
 * @returns An integer in `[0, 2^32 - 1]`.
 */
export function checksumOf(id: Uint8Array): number {
  const hash = getBytes(keccak256(id));
  return new DataView(hash.buffer, hash.byteOffset).getUint32(0);
}

/** The columns a record's key and version add to its row: key hash, position, checksum. */
export interface ReplicaColumns {
  keyHash: Uint8Array;
  position: number;
  checksum: number;
}

/**
 * The replication columns of a record's row.
 *
 * @param record - Owner, name, sequence and signature.
 * @returns Key hash, position and checksum.
 */
export function replicaColumns(record: {
  owner: string;
  name: string;
  sequence: number;
  signature: Uint8Array;
}): ReplicaColumns {
  const keyHash = recordKeyHash(record.owner, record.name);
  return {
    keyHash,
    position: positionOf(keyHash),
    checksum: checksumOf(listedId(keyHash, record.sequence, record.signature)),
  };
}
