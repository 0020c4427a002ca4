import type { PrivateKey } from "@libp2p/interface";
import { privateKeyFromProtobuf, privateKeyToProtobuf } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";

import type { KeyEncryption } from "../../client/kernel/identity/keyEncryption.js";
import { decryptKey, encryptKey } from "../../client/kernel/identity/keyEncryption.js";
import { nodeAddressFromPeerId } from "../../client/kernel/identity/nodeAddress.js";
import { InvalidKeyFileError, KeyPassphraseError } from "../errors/keys.js";
import { isRecord } from "../config/values.js";

/** The `format` field of every node key file. */
export const KEY_FILE_FORMAT = "waymark-node-key";

/**
 * A node key file: JSON with the public identity in clear and the libp2p private key (protobuf,
 * base64) either in clear or sealed with a passphrase.
 */
export interface NodeKeyFile {
  format: typeof KEY_FILE_FORMAT;
  version: 1;
  keyType: "secp256k1";
  /** The libp2p peer id (`16Uiu2…`). */
  peerId: string;
  /** The node address: the Ethereum address of the key. */
  nodeAddress: string;
  /** The private key in clear, when not encrypted. */
  privateKey?: string;
  /** How the key was sealed, when encrypted. */
  encryption?: KeyEncryption;
  /** The sealed private key, when encrypted. */
  ciphertext?: string;
}

/**
 * Builds the key file of a key, sealed when a passphrase is given.
 *
 * @param key - A secp256k1 libp2p private key.
 * @param passphrase - Encrypt with this passphrase; in clear when absent.
 * @returns The file's contents.
 */
export async function encodeKeyFile(key: PrivateKey, passphrase?: string): Promise<NodeKeyFile> {
  const peerId = peerIdFromPrivateKey(key).toString();
  const header = {
    format: KEY_FILE_FORMAT,
    version: 1,
    keyType: "secp256k1",
    peerId,
    nodeAddress: nodeAddressFromPeerId(peerId),
  } as const;
  const protobuf = privateKeyToProtobuf(key);
  if (passphrase === undefined) return { ...header, privateKey: Buffer.from(protobuf).toString("base64") };
  return { ...header, ...(await encryptKey(protobuf, passphrase, new TextEncoder().encode(peerId))) };
}

/**
 * Reads a key file's contents back into a key.
 *
 * @param path - The file, for messages.
 * @param contents - The parsed JSON.
 * @param passphrase - The passphrase, needed when the key is encrypted.
 * @param passphraseEnv - The variable the passphrase came from, for messages.
 * @returns The private key.
 * @throws InvalidKeyFileError when the file is not a node key or contradicts itself.
 * @throws KeyPassphraseError when the key is encrypted and the passphrase is missing or wrong.
 */
export async function decodeKeyFile(
  path: string,
  contents: unknown,
  passphrase: string | undefined,
  passphraseEnv: string,
): Promise<PrivateKey> {
  if (!isRecord(contents) || contents.format !== KEY_FILE_FORMAT || contents.version !== 1) {
    throw new InvalidKeyFileError(path, `not a ${KEY_FILE_FORMAT} version 1 file`);
  }
  const file = contents as unknown as NodeKeyFile;
  let protobuf: Uint8Array;
  if (typeof file.privateKey === "string") {
    protobuf = Buffer.from(file.privateKey, "base64");
  } else if (isRecord(file.encryption) && typeof file.ciphertext === "string") {
    if (passphrase === undefined || passphrase === "")
      throw new KeyPassphraseError(path, "missing", passphraseEnv);
    const opened = await decryptKey(
      file.encryption,
      file.ciphertext,
      passphrase,
      new TextEncoder().encode(file.peerId),
    );
    if (opened === undefined) throw new KeyPassphraseError(path, "wrong", passphraseEnv);
    protobuf = opened;
  } else {
    throw new InvalidKeyFileError(path, "it holds neither a key nor an encrypted key");
  }

  let key: PrivateKey;
  try {
    key = privateKeyFromProtobuf(protobuf);
  } catch (err) {
    throw new InvalidKeyFileError(path, err instanceof Error ? err.message : "unreadable key");
  }
  if (key.type !== "secp256k1")
    throw new InvalidKeyFileError(path, `its key type is ${key.type}, not secp256k1`);
  if (peerIdFromPrivateKey(key).toString() !== file.peerId) {
    throw new InvalidKeyFileError(path, "its key does not match its peer id");
  }
  return key;
}
