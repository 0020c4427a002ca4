import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";

import { getAddress, isKeystoreJson, Wallet } from "ethers";

import {
  ConfigurationError,
  InvalidKeystoreError,
  KeystoreExistsError,
  PassphraseError,
} from "../errors/client.js";
import { promptHidden } from "./signer.js";
import { fileExists, readStdinText } from "./stdio.js";

/** The environment variable a keystore's passphrase is read from, to sign and to make one. */
export const KEYSTORE_PASSWORD_ENV = "WAYMARK_KEYSTORE_PASSWORD";
/** The environment variable a private key is read from, to sign with or to import. */
export const PRIVATE_KEY_ENV = "WAYMARK_PRIVATE_KEY";
/** File mode of a keystore the CLI writes: read and write for its owner only. */
export const KEYSTORE_FILE_MODE = 0o600;

/**
 * The passphrase for a new keystore: `WAYMARK_KEYSTORE_PASSWORD` when it is set, else asked twice
 * on the terminal without echo.
 *
 * @param env - The environment.
 * @returns The passphrase.
 * @throws PassphraseError when it is empty, typed differently twice, or there is no terminal to ask on.
 */
export async function newPassphrase(env: NodeJS.ProcessEnv): Promise<string> {
  const noTerminal = (): PassphraseError =>
    new PassphraseError("No passphrase for the keystore: no terminal to ask on", {
      hint: `set ${KEYSTORE_PASSWORD_ENV}, or run the command in a terminal`,
    });
  const given = env[KEYSTORE_PASSWORD_ENV];
  const passphrase = given ?? (await promptHidden("New keystore passphrase: ", noTerminal));
  if (passphrase === "") {
    throw new PassphraseError(
      `${given === undefined ? "The passphrase" : KEYSTORE_PASSWORD_ENV} is empty; an empty passphrase protects nothing`,
    );
  }
  if (given !== undefined) return passphrase;
  const again = await promptHidden("Repeat the passphrase: ", noTerminal);
  if (again !== passphrase) throw new PassphraseError("The two passphrases differ; nothing was written");
  return passphrase;
}

/**
 * The private key to import: `WAYMARK_PRIVATE_KEY` when it is set, else stdin (asked without echo
 * on a terminal, read whole from a pipe). Never a command-line argument, which shell history and
 * the process list would keep.
 *
 * @param env - The environment.
 * @returns The wallet of the key.
 * @throws ConfigurationError when there is no key or it is not a 32-byte hex key (the key itself is
 * never quoted).
 */
export async function privateKeyToImport(env: NodeJS.ProcessEnv): Promise<Wallet> {
  const fromEnv = env[PRIVATE_KEY_ENV];
  const source = fromEnv !== undefined && fromEnv !== "" ? PRIVATE_KEY_ENV : "stdin";
  const none = (): ConfigurationError =>
    new ConfigurationError("No private key to import", {
      details: `pipe it on stdin or set ${PRIVATE_KEY_ENV}`,
    });
  const text = (
    source === PRIVATE_KEY_ENV
      ? (fromEnv ?? "")
      : process.stdin.isTTY
        ? await promptHidden("Private key (hex): ", none)
        : await readStdinText()
  ).trim();
  if (text === "") throw none();
  try {
    return new Wallet(/^0x/i.test(text) ? text : `0x${text}`);
  } catch {
    // The cause would quote what was read: a mistyped key is still a secret.
    throw new ConfigurationError(`The private key read from ${source} is not a 32-byte hex key`);
  }
}

/**
 * Encrypts a key as an ethers encrypted JSON wallet (scrypt, version 3) and writes it, readable
 * by its owner only. An existing file is never replaced.
 *
 * @param file - Where to write it.
 * @param wallet - The key.
 * @param passphrase - The passphrase.
 * @param encrypting - Wraps the (slow) encryption, e.g. with a progress indicator.
 * @returns The absolute path written.
 * @throws KeystoreExistsError when the file exists.
 * @throws ConfigurationError when it cannot be written.
 */
export async function writeKeystore(
  file: string,
  wallet: Wallet,
  passphrase: string,
  encrypting: (step: () => Promise<string>) => Promise<string> = (step) => step(),
): Promise<string> {
  const path = resolve(file);
  // Checked before the encryption too, which takes a few seconds.
  if (await fileExists(path)) throw new KeystoreExistsError(path);
  const json = await encrypting(() => wallet.encrypt(passphrase));
  try {
    await writeFile(path, `${json}\n`, { flag: "wx", mode: KEYSTORE_FILE_MODE });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new KeystoreExistsError(path);
    throw new ConfigurationError(`Cannot write the keystore ${path}`, { cause: err });
  }
  return path;
}

/**
 * The address an encrypted JSON keystore states, read without its passphrase. The file could be
 * edited to state another: unlocking it (to sign) checks the address against the key.
 *
 * @param file - The keystore.
 * @returns The checksummed address.
 * @throws InvalidKeystoreError when the file cannot be read, is not a keystore, or states no address.
 */
export async function keystoreAddress(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new InvalidKeystoreError(file, "it cannot be read", { cause: err });
  }
  if (!isKeystoreJson(text)) throw new InvalidKeystoreError(file, "it is not a version 3 JSON wallet");
  const { address } = JSON.parse(text) as { address?: unknown };
  try {
    if (typeof address !== "string") throw new TypeError("no address");
    return getAddress(/^0x/i.test(address) ? address : `0x${address}`);
  } catch (err) {
    throw new InvalidKeystoreError(file, "it states no valid address", { cause: err });
  }
}
