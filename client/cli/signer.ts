import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";

import type { Signer } from "ethers";
import { Wallet } from "ethers";

import { ConfigurationError, KeystoreError, MissingSignerError } from "../errors/client.js";
import type { Settings } from "./settings.js";
import { keystoreOf } from "./settings.js";

/**
 * The signing key for transactions. Never from a flag value, which would land in shell history:
 * `--keystore FILE` (an encrypted JSON keystore; its passphrase from `WAYMARK_KEYSTORE_PASSWORD`
 * or a prompt), else `WAYMARK_PRIVATE_KEY`, else `WAYMARK_KEYSTORE` or `keystore` in the config file.
 *
 * @param settings - Flags, environment and config file.
 * @param action - What needs the key, for the error message.
 * @param unlocking - Wraps the (slow) keystore decryption, e.g. with a progress indicator.
 * @returns The wallet.
 * @throws MissingSignerError when no key is configured.
 * @throws KeystoreError when the keystore cannot be read or the passphrase is wrong.
 */
export async function loadSigner(
  settings: Settings,
  action: string,
  unlocking: (step: () => Promise<Wallet>) => Promise<Wallet> = (step) => step(),
): Promise<Signer> {
  const { flags, env } = settings;
  if (
    flags.keystore === undefined &&
    env.WAYMARK_PRIVATE_KEY !== undefined &&
    env.WAYMARK_PRIVATE_KEY !== ""
  ) {
    try {
      return new Wallet(env.WAYMARK_PRIVATE_KEY.trim());
    } catch (err) {
      throw new ConfigurationError("WAYMARK_PRIVATE_KEY is not a private key", { cause: err });
    }
  }
  const file = keystoreOf(settings);
  if (file === undefined) throw new MissingSignerError(action);
  let json: string;
  try {
    json = await readFile(file, "utf8");
  } catch (err) {
    throw new KeystoreError(file, { cause: err });
  }
  const passphrase =
    env.WAYMARK_KEYSTORE_PASSWORD ??
    (await promptHidden(
      `Passphrase for ${file}: `,
      () =>
        new KeystoreError(file, {
          details: "set WAYMARK_KEYSTORE_PASSWORD: no terminal to ask for the passphrase",
        }),
    ));
  try {
    return await unlocking(async () => {
      const wallet = await Wallet.fromEncryptedJson(json, passphrase);
      return new Wallet(wallet.privateKey);
    });
  } catch (err) {
    throw new KeystoreError(file, { cause: err, details: "wrong passphrase or not a keystore" });
  }
}

/**
 * Asks for a secret on the terminal without echoing it (the question goes to stderr).
 *
 * @param question - What to ask.
 * @param noTerminal - The error to throw when stdin is not a terminal.
 * @returns What was typed.
 */
export async function promptHidden(question: string, noTerminal: () => Error): Promise<string> {
  if (!process.stdin.isTTY) throw noTerminal();
  const muted = new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
  // The reader turns the terminal's echo off: only then is the question asked, so that nothing
  // typed in answer is ever shown.
  const reader = createInterface({ input: process.stdin, output: muted, terminal: true });
  process.stderr.write(question);
  try {
    return await new Promise<string>((resolve) => {
      reader.question("", resolve);
    });
  } finally {
    reader.close();
    process.stderr.write("\n");
  }
}
