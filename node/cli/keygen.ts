import { resolve } from "node:path";

import { Command } from "commander";

import { writeNodeKey } from "../keys/nodeKeyStore.js";

/** Where `keygen` writes when `--out` is not given: the default `keyFile` of `start`. */
export const DEFAULT_KEY_FILE = "waymark-data/node.key";

/** Options of `waymark-node keygen`. */
interface KeygenOptions {
  out: string;
  passphraseEnv?: string;
  force?: boolean;
  json?: boolean;
}

/**
 * `waymark-node keygen`: writes a new secp256k1 node key (mode 0600), optionally encrypted with a
 * passphrase read from an environment variable, and prints the peer id and node address.
 *
 * @returns The command.
 */
export function keygenCommand(): Command {
  return new Command("keygen")
    .description("Generate a node key (secp256k1) and print its peer id and node address")
    .option("--out <file>", "where to write the key (mode 0600)", DEFAULT_KEY_FILE)
    .option("--passphrase-env <name>", "encrypt the key with the passphrase in this environment variable")
    .option("--force", "replace an existing key (the node gets a new identity)")
    .option("--json", "print the result as JSON")
    .action(async (options: KeygenOptions) => {
      let passphrase: string | undefined;
      if (options.passphraseEnv !== undefined) {
        passphrase = process.env[options.passphraseEnv];
        if (passphrase === undefined || passphrase === "") {
          throw new Error(`--passphrase-env: the environment variable ${options.passphraseEnv} is empty`);
        }
      }
      const keyFile = resolve(options.out);
      const identity = await writeNodeKey(keyFile, { passphrase, force: options.force === true });
      const result = {
        peerId: identity.peerId.toString(),
        nodeAddress: identity.nodeAddress,
        keyFile,
        encrypted: passphrase !== undefined,
      };
      if (options.json === true) {
        console.log(JSON.stringify(result, null, 2));
      } else {
        console.log(`peer id:      ${result.peerId}`);
        console.log(`node address: ${result.nodeAddress}`);
        console.log(`key file:     ${result.keyFile}${result.encrypted ? " (encrypted)" : ""}`);
      }
    });
}
