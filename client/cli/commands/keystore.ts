import type { Command } from "commander";
import { Wallet } from "ethers";

import { ConfigurationError } from "../../errors/client.js";
import { contextOf } from "../context.js";
import {
  KEYSTORE_PASSWORD_ENV,
  keystoreAddress,
  newPassphrase,
  PRIVATE_KEY_ENV,
  privateKeyToImport,
  writeKeystore,
} from "../keystore.js";
import { printJson, printLine, withProgress } from "../output.js";
import { keystoreOf } from "../settings.js";

/**
 * Registers the keystore commands: `new` makes a key in an encrypted JSON keystore, `import`
 * encrypts an existing private key into one, `address` names a keystore's account without its
 * passphrase. What they write is what `--keystore` (or `WAYMARK_KEYSTORE`) signs with.
 *
 * @param program - The root command.
 */
export function registerKeystoreCommands(program: Command): void {
  const keystore = program
    .command("keystore")
    .description("make, import and inspect the encrypted JSON keystore that --keystore signs with");

  keystore
    .command("new")
    .description(
      `make a new account in an encrypted JSON keystore (passphrase from ${KEYSTORE_PASSWORD_ENV} or asked twice)`,
    )
    .requiredOption("--out <file>", "where to write the keystore (mode 0600; never overwritten)")
    .option("--json", "print the result as JSON")
    .action(async (options: { out: string }, command: Command) => {
      const context = await contextOf(command);
      const passphrase = await newPassphrase(process.env);
      const wallet = Wallet.createRandom();
      const file = await writeKeystore(options.out, new Wallet(wallet.privateKey), passphrase, (step) =>
        withProgress("Encrypting the keystore", context.quiet, step),
      );
      if (context.json) printJson({ address: wallet.address, file });
      else {
        printLine(`Created keystore ${file} for account ${wallet.address}`);
        printLine("Fund the account before it signs transactions; keep the passphrase: nothing recovers it");
      }
    });

  keystore
    .command("import")
    .description(
      `encrypt an existing private key (from stdin or ${PRIVATE_KEY_ENV}, never a flag) into a keystore`,
    )
    .requiredOption("--out <file>", "where to write the keystore (mode 0600; never overwritten)")
    .option("--json", "print the result as JSON")
    .action(async (options: { out: string }, command: Command) => {
      const context = await contextOf(command);
      const wallet = await privateKeyToImport(process.env);
      const passphrase = await newPassphrase(process.env);
      const file = await writeKeystore(options.out, wallet, passphrase, (step) =>
        withProgress("Encrypting the keystore", context.quiet, step),
      );
      if (context.json) printJson({ address: wallet.address, file });
      else printLine(`Imported account ${wallet.address} into keystore ${file}`);
    });

  keystore
    .command("address")
    .description("print the account a keystore holds, without its passphrase")
    .argument(
      "[file]",
      "the keystore (default: --keystore, WAYMARK_KEYSTORE, or keystore in the config file)",
    )
    .option("--json", "print the result as JSON")
    .action(async (given: string | undefined, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      const file = given ?? keystoreOf(context.settings);
      if (file === undefined) {
        throw new ConfigurationError("No keystore", {
          details: "name the file, or pass --keystore, or set WAYMARK_KEYSTORE",
        });
      }
      const address = await keystoreAddress(file);
      if (context.json) printJson({ address, file });
      else printLine(address);
    });
}
