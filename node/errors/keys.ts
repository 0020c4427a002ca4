import { WaymarkError } from "../../client/kernel/errors/base.js";

/** `keygen` found a key where it was told to write one, and was not told to overwrite it. */
export class KeyFileExistsError extends WaymarkError {
  override name = "KeyFileExistsError" as const;

  /** @param path - The existing key file. */
  constructor(path: string) {
    super(`A node key already exists at ${path}`, {
      details: "Pass --force to replace it; the node then gets a new identity and must be registered again.",
    });
  }
}

/** No node key at the configured path. */
export class KeyFileNotFoundError extends WaymarkError {
  override name = "KeyFileNotFoundError" as const;

  /** @param path - The missing key file. */
  constructor(path: string) {
    super(`No node key at ${path}`, { details: "Create one with `waymark-node keygen --out <file>`." });
  }
}

/** A key file that is not a Waymark node key, or whose contents contradict themselves. */
export class InvalidKeyFileError extends WaymarkError {
  override name = "InvalidKeyFileError" as const;

  /**
   * @param path - The key file.
   * @param reason - What is wrong with it.
   */
  constructor(path: string, reason: string) {
    super(`${path} is not a usable node key: ${reason}`);
  }
}

/** An encrypted key file and no passphrase, or a passphrase that does not open it. */
export class KeyPassphraseError extends WaymarkError {
  override name = "KeyPassphraseError" as const;

  /**
   * @param path - The key file.
   * @param reason - `missing` when no passphrase was given, `wrong` when it does not decrypt the key.
   * @param envVar - The environment variable the passphrase is read from.
   */
  constructor(path: string, reason: "missing" | "wrong", envVar: string) {
    super(
      reason === "missing"
        ? `The node key ${path} is encrypted and ${envVar} holds no passphrase`
        : `The passphrase in ${envVar} does not decrypt the node key ${path}`,
    );
  }
}
