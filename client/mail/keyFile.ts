import { chmod, readFile, writeFile } from "node:fs/promises";

import type { KeyEncryption } from "../kernel/identity/keyEncryption.js";
import { decryptKey, encryptKey, isKeyEncryption } from "../kernel/identity/keyEncryption.js";
import type { MailKeyPair } from "./encryption.js";
import { mailKeyFromHex, mailKeyToHex, mailPublicKey } from "./encryption.js";
import { InvalidMailKeyFileError, MailKeyFileExistsError, MailKeyPassphraseError } from "./keyFileErrors.js";

/** The `format` field of every mail key file. */
export const MAIL_KEY_FILE_FORMAT = "waymark-mail-key";

/**
 * A mail key file: JSON with the public key in clear and the secret key either sealed with a
 * passphrase (the node key files' scheme: scrypt, XChaCha20-Poly1305, the public key as associated
 * data) or, when asked for, in clear. Files from older versions, `{ publicKey, privateKey }` without
 * `format`, are read as unencrypted ones.
 */
export interface MailKeyFile {
  format: typeof MAIL_KEY_FILE_FORMAT;
  version: 1;
  /** The 33-byte compressed public key, hex: what senders encrypt to. */
  publicKey: string;
  /** The secret key in clear (hex), when not encrypted. */
  privateKey?: string;
  /** How the secret key was sealed, when encrypted. */
  encryption?: KeyEncryption;
  /** The sealed secret key (base64), when encrypted. */
  ciphertext?: string;
}

/** Options of {@link decryptMailKeyFile}. */
export interface DecryptMailKeyFileOptions {
  /** The passphrase of an encrypted file; ignored for an unencrypted one. */
  passphrase?: string | undefined;
  /** Names the file in errors. */
  file?: string | undefined;
}

/**
 * The contents of a mail key file whose secret key is sealed with a passphrase. Stretching the
 * passphrase takes about a second, on purpose.
 *
 * @param privateKey - The 32-byte secret key.
 * @param passphrase - The passphrase; not empty.
 * @returns The file's contents, to write with {@link writeMailKeyFile}.
 * @throws EncryptionError when the key is invalid.
 * @throws MailKeyPassphraseError when the passphrase is empty.
 * @example
 * ```ts
 * const bob = generateMailKeyPair();
 * await writeMailKeyFile("bob.key", await encryptMailKeyFile(bob.privateKey, passphrase));
 * ```
 */
export async function encryptMailKeyFile(privateKey: Uint8Array, passphrase: string): Promise<MailKeyFile> {
  const publicKey = mailPublicKey(privateKey);
  if (passphrase === "") throw new MailKeyPassphraseError(undefined, "missing");
  const sealed = await encryptKey(privateKey, passphrase, publicKey);
  return { format: MAIL_KEY_FILE_FORMAT, version: 1, publicKey: mailKeyToHex(publicKey), ...sealed };
}

/**
 * The contents of a mail key file with the secret key in clear: anyone who can read the file can
 * read the mail sent to its key. Prefer {@link encryptMailKeyFile}.
 *
 * @param privateKey - The 32-byte secret key.
 * @returns The file's contents.
 * @throws EncryptionError when the key is invalid.
 */
export function unencryptedMailKeyFile(privateKey: Uint8Array): MailKeyFile {
  return {
    format: MAIL_KEY_FILE_FORMAT,
    version: 1,
    publicKey: mailKeyToHex(mailPublicKey(privateKey)),
    privateKey: mailKeyToHex(privateKey),
  };
}

/**
 * Whether parsed key-file contents hold a sealed secret key (and so need a passphrase).
 *
 * @param contents - The parsed JSON.
 * @returns True when the secret key is encrypted.
 */
export function isEncryptedMailKeyFile(contents: unknown): boolean {
  return isRecord(contents) && typeof contents.privateKey !== "string" && "encryption" in contents;
}

/**
 * Reads the key pair out of a mail key file's parsed contents: an encrypted file with its
 * passphrase, an unencrypted one (also the older `{ publicKey, privateKey }` files) as it is. The
 * secret key must match the public key written beside it.
 *
 * @param contents - The parsed JSON.
 * @param options - The passphrase, and the file's name for errors.
 * @returns The key pair.
 * @throws InvalidMailKeyFileError when the contents are not a mail key or contradict themselves.
 * @throws MailKeyPassphraseError when the key is encrypted and the passphrase is missing or wrong.
 */
export async function decryptMailKeyFile(
  contents: unknown,
  options: DecryptMailKeyFileOptions = {},
): Promise<MailKeyPair> {
  const file = options.file;
  if (!isRecord(contents)) throw new InvalidMailKeyFileError(file, "it is not a JSON object");
  if (contents.format !== undefined && (contents.format !== MAIL_KEY_FILE_FORMAT || contents.version !== 1)) {
    throw new InvalidMailKeyFileError(file, `it is not a ${MAIL_KEY_FILE_FORMAT} version 1 file`);
  }
  const publicKey = typeof contents.publicKey === "string" ? hexKey(file, contents.publicKey, 33) : undefined;
  let privateKey: Uint8Array;
  if (typeof contents.privateKey === "string") {
    privateKey = hexKey(file, contents.privateKey, 32);
  } else if (isEncryptedMailKeyFile(contents)) {
    if (!isKeyEncryption(contents.encryption) || typeof contents.ciphertext !== "string") {
      throw new InvalidMailKeyFileError(file, "its encryption fields are malformed");
    }
    if (publicKey === undefined) throw new InvalidMailKeyFileError(file, "it has no public key");
    if (options.passphrase === undefined || options.passphrase === "") {
      throw new MailKeyPassphraseError(file, "missing");
    }
    const opened = await decryptKey(contents.encryption, contents.ciphertext, options.passphrase, publicKey);
    if (opened === undefined) throw new MailKeyPassphraseError(file, "wrong");
    privateKey = opened;
  } else {
    throw new InvalidMailKeyFileError(file, "it holds neither a secret key nor an encrypted one");
  }
  let derived: Uint8Array;
  try {
    derived = mailPublicKey(privateKey);
  } catch (err) {
    throw new InvalidMailKeyFileError(file, "its secret key is not a secp256k1 key", { cause: err });
  }
  if (publicKey !== undefined && mailKeyToHex(publicKey) !== mailKeyToHex(derived)) {
    throw new InvalidMailKeyFileError(file, "its secret key does not match its public key");
  }
  return { privateKey, publicKey: derived };
}

/**
 * Writes a mail key file only its owner can read (mode 0600). An existing file is never replaced.
 *
 * @param path - Where to write.
 * @param contents - From {@link encryptMailKeyFile} or {@link unencryptedMailKeyFile}.
 * @throws MailKeyFileExistsError when the file exists.
 */
export async function writeMailKeyFile(path: string, contents: MailKeyFile): Promise<void> {
  try {
    await writeFile(path, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new MailKeyFileExistsError(path);
    throw err;
  }
  await chmod(path, 0o600);
}

/** A mail key file as read from disk, before any passphrase is asked for. */
export interface MailKeyFileHandle {
  /** The file. */
  path: string;
  /** Whether opening it needs a passphrase. */
  encrypted: boolean;
  /**
   * The key pair in the file. See {@link decryptMailKeyFile}.
   *
   * @param passphrase - The passphrase, for an encrypted file.
   * @returns The key pair.
   */
  open(passphrase?: string): Promise<MailKeyPair>;
}

/**
 * Reads a mail key file, so that a passphrase is asked for only when it is encrypted.
 *
 * @param path - The file.
 * @returns Whether it is encrypted, and how to open it.
 * @throws InvalidMailKeyFileError when it cannot be read or is not JSON.
 * @example
 * ```ts
 * const file = await readMailKeyFile("bob.key");
 * const bob = await file.open(file.encrypted ? await askPassphrase() : undefined);
 * ```
 */
export async function readMailKeyFile(path: string): Promise<MailKeyFileHandle> {
  let contents: unknown;
  try {
    contents = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new InvalidMailKeyFileError(
      path,
      err instanceof SyntaxError ? "it is not JSON" : "it cannot be read",
      {
        cause: err,
      },
    );
  }
  return {
    path,
    encrypted: isEncryptedMailKeyFile(contents),
    open: (passphrase) => decryptMailKeyFile(contents, { passphrase, file: path }),
  };
}

function hexKey(file: string | undefined, hex: string, bytes: 32 | 33): Uint8Array {
  try {
    return mailKeyFromHex(hex, bytes);
  } catch (err) {
    throw new InvalidMailKeyFileError(
      file,
      `its ${bytes === 32 ? "secret" : "public"} key is not ${bytes} bytes of hex`,
      {
        cause: err,
      },
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
