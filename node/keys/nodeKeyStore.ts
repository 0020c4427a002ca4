import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

import type { PeerId, PrivateKey } from "@libp2p/interface";
import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";

import { nodeAddressFromPeerId } from "../../client/kernel/identity/nodeAddress.js";
import { InvalidKeyFileError, KeyFileExistsError, KeyFileNotFoundError } from "../errors/keys.js";
import { decodeKeyFile, encodeKeyFile } from "./keyFile.js";

/** A node's identity: its libp2p key, peer id and node address. */
export interface NodeIdentity {
  privateKey: PrivateKey;
  peerId: PeerId;
  /** The Ethereum address of the key, as the registry knows the node. */
  nodeAddress: string;
}

/** Options of {@link writeNodeKey}. */
export interface WriteNodeKeyOptions {
  /** Encrypt the key with this passphrase; in clear when absent. */
  passphrase?: string | undefined;
  /** Replace an existing file. @default false */
  force?: boolean | undefined;
}

/**
 * Generates a secp256k1 node key and writes it to a file only its owner can read (mode 0600),
 * creating the folder (mode 0700) when needed.
 *
 * @param path - Where to write the key.
 * @param options - Passphrase and overwrite.
 * @returns The new identity.
 * @throws KeyFileExistsError when the file exists and `force` is not set.
 * @example
 * ```ts
 * const { peerId, nodeAddress } = await writeNodeKey("/var/lib/waymark/node.key");
 * ```
 */
export async function writeNodeKey(path: string, options: WriteNodeKeyOptions = {}): Promise<NodeIdentity> {
  const privateKey = await generateKeyPair("secp256k1");
  const contents = `${JSON.stringify(await encodeKeyFile(privateKey, options.passphrase), null, 2)}\n`;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  if (options.force === true) {
    // A fresh file beside the old one, then an atomic rename: never a half-written key.
    const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temporary, contents, { mode: 0o600, flag: "wx" });
      await chmod(temporary, 0o600);
      await rename(temporary, path);
    } finally {
      await rm(temporary, { force: true });
    }
  } else {
    try {
      await writeFile(path, contents, { mode: 0o600, flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new KeyFileExistsError(path);
      throw err;
    }
    await chmod(path, 0o600);
  }
  return identityOf(privateKey);
}

/** Options of {@link readNodeKey}. */
export interface ReadNodeKeyOptions {
  /** The passphrase, for an encrypted key. */
  passphrase?: string | undefined;
  /** The variable the passphrase comes from, for messages. @default "WAYMARK_KEY_PASSPHRASE" */
  passphraseEnv?: string | undefined;
}

/** What {@link readNodeKey} returns. */
export interface ReadNodeKeyReturnType extends NodeIdentity {
  /** True when group or others may read the file (the daemon warns). */
  readableByOthers: boolean;
}

/**
 * Reads a node key file written by {@link writeNodeKey}.
 *
 * @param path - The key file.
 * @param options - The passphrase of an encrypted key.
 * @returns The identity, and whether the file is readable by others.
 * @throws KeyFileNotFoundError when there is no file.
 * @throws InvalidKeyFileError when the file cannot be read or is not a node key.
 * @throws KeyPassphraseError when the passphrase is missing or wrong.
 */
export async function readNodeKey(
  path: string,
  options: ReadNodeKeyOptions = {},
): Promise<ReadNodeKeyReturnType> {
  let text: string;
  let mode: number;
  try {
    text = await readFile(path, "utf8");
    mode = (await stat(path)).mode;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new KeyFileNotFoundError(path);
    throw new InvalidKeyFileError(path, `it cannot be read (${(err as Error).message})`);
  }
  let contents: unknown;
  try {
    contents = JSON.parse(text);
  } catch {
    throw new InvalidKeyFileError(path, "it is not JSON");
  }
  const privateKey = await decodeKeyFile(
    path,
    contents,
    options.passphrase,
    options.passphraseEnv ?? "WAYMARK_KEY_PASSPHRASE",
  );
  return { ...identityOf(privateKey), readableByOthers: (mode & 0o077) !== 0 };
}

function identityOf(privateKey: PrivateKey): NodeIdentity {
  const peerId = peerIdFromPrivateKey(privateKey);
  return { privateKey, peerId, nodeAddress: nodeAddressFromPeerId(peerId) };
}
