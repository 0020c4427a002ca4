import { Command } from "commander";

import { jsonTerminalSafe } from "../../client/kernel/text/terminalText.js";
import { redactUrl } from "../../client/kernel/text/redactUrl.js";

import { WaymarkNode } from "../daemon.js";
import { createLogger } from "../logging/createLogger.js";
import { builtInModules } from "../services/catalog.js";
import { addConfigOptions, configFromCommand } from "./configOptions.js";
import { exitOnSignals } from "./signals.js";

/**
 * `waymark-node start`: runs the node until SIGINT or SIGTERM.
 *
 * @returns The command.
 */
export function startCommand(): Command {
  const command = new Command("start").description(
    "Run the node: libp2p host and DHT, announcement, registration check, services and status server",
  );
  addConfigOptions(command);
  return command.action(async (_options: unknown, self: Command) => {
    const config = await configFromCommand(self);
    const logger = createLogger({ level: config.logLevel, format: config.logFormat });
    // The daemon reads the key's passphrase from a copy; the process environment forgets it.
    const env = { ...process.env };
    Reflect.deleteProperty(process.env, config.keyPassphraseEnv);
    const node = new WaymarkNode(config, { modules: await builtInModules(config.service), logger, env });
    const signalled = exitOnSignals(node, logger, config.shutdownTimeout);
    try {
      await node.start();
    } catch (err) {
      // A signal during start stops the node and makes start give up: the signal handler exits.
      if (signalled()) return;
      logger.fatal({ err }, "the node cannot start");
      logger.flush();
      throw err;
    }
  });
}

/**
 * `waymark-node config`: prints the configuration `start` would use, after validation. The RPC URL
 * is shown as scheme, host and port only (it often holds an API key) unless `--show-secrets` is
 * given.
 *
 * @returns The command.
 */
export function configCommand(): Command {
  const command = new Command("config")
    .description("Print the resolved configuration (defaults < file < environment < flags) and exit")
    .option("--show-secrets", "print the RPC URL whole (it may hold an API key)");
  addConfigOptions(command);
  return command.action(async (options: { showSecrets?: boolean }, self: Command) => {
    const config = await configFromCommand(self);
    const shown = options.showSecrets === true ? config : { ...config, rpcUrl: redactUrl(config.rpcUrl) };
    console.log(
      jsonTerminalSafe(
        JSON.stringify(
          shown,
          (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
          2,
        ),
      ),
    );
  });
}
