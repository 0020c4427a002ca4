import { Command } from "commander";

import { registerAuditCommands } from "./commands/audit.js";
import { registerCallCommand } from "./commands/call.js";
import { registerCuratorCommands } from "./commands/curator.js";
import { registerDashboardCommand } from "./commands/dashboard.js";
import { registerKeystoreCommands } from "./commands/keystore.js";
import { registerMailCommands } from "./commands/mail.js";
import { registerNodeCommands } from "./commands/node.js";
import { registerProviderCommands } from "./commands/provider.js";
import { registerRecordCommands } from "./commands/record.js";
import { registerServeCommand } from "./commands/serve.js";
import { registerUserCommands } from "./commands/user.js";

/**
 * The `waymark` command line: curator, provider and user commands over the client library.
 *
 * @returns The root command, ready to parse.
 */
export function buildProgram(): Command {
  const program = new Command("waymark")
    .description(
      "Discoverable and trusted server nodes: curate the registry, manage providers, find and use servers",
    )
    .version("0.1.0")
    .option("--rpc-url <url>", "chain JSON-RPC URL (env WAYMARK_RPC_URL)")
    .option("--registry <address>", "registry address (env WAYMARK_REGISTRY)")
    .option(
      "--deployment <dir>",
      "Ignition deployment folder to read the registry address from (env WAYMARK_DEPLOYMENT)",
    )
    .option(
      "--config <file>",
      "configuration file (env WAYMARK_CONFIG; default ~/.config/waymark/config.json)",
    )
    .option(
      "--keystore <file>",
      "encrypted JSON keystore to sign with (env WAYMARK_KEYSTORE; passphrase from WAYMARK_KEYSTORE_PASSWORD or a prompt)",
    )
    .option("-q, --quiet", "no progress on stderr")
    .exitOverride();
  program.addHelpText(
    "after",
    "\nSigning keys never come from a flag: use --keystore or WAYMARK_KEYSTORE, or WAYMARK_PRIVATE_KEY.\nMake a keystore with `waymark keystore new --out FILE` (or `keystore import` for a key you have).",
  );
  registerCuratorCommands(program);
  registerProviderCommands(program);
  registerNodeCommands(program);
  registerUserCommands(program);
  registerMailCommands(program);
  registerAuditCommands(program);
  registerRecordCommands(program);
  registerDashboardCommand(program);
  registerServeCommand(program);
  registerCallCommand(program);
  registerKeystoreCommands(program);
  return program;
}
