import { Command } from "commander";

import { jsonTerminalSafe } from "../../client/kernel/text/terminalText.js";
import { redactUrl } from "../../client/kernel/text/redactUrl.js";

import { WaymarkNode } from "../daemon.js";
import { createLogger } from "../logging/createLogger.js";
import { builtInModules } from "../services/catalog.js";
import { addConfigOptions, configFromCommand, configsFromCommand } from "./configOptions.js";
import { exitOnSignals } from "./signals.js";

/**
 * `waymark-node start`: runs the node until SIGINT or SIGTERM. With `--config` given several
 * times, runs one node per file in this process (for example a provider's mail and records
 * nodes): each with its own key, registration, data directory, addresses and status server; the
 * flags and the environment apply to all; a signal stops them all.
 *
 * @returns The command.
 */
export function startCommand(): Command {
  const command = new Command("start").description(
    "Run the node: libp2p host and DHT, announcement, registration check, services and status server (--config again for each further node)",
  );
  addConfigOptions(command);
  return command.action(async (_options: unknown, self: Command) => {
    const [first, ...others] = await configsFromCommand(self);
    if (first === undefined) return;
    const configs = [first, ...others];
    const root = createLogger({ level: first.logLevel, format: first.logFormat });
    // The daemon reads the keys' passphrases from a copy; the process environment forgets them.
    const env = { ...process.env };
    for (const config of configs) Reflect.deleteProperty(process.env, config.keyPassphraseEnv);
    const nodes = await Promise.all(
      configs.map(async (config) => {
        const logger = configs.length === 1 ? root : root.child({ node: config.service });
        return new WaymarkNode(config, { modules: await builtInModules(config.service), logger, env });
      }),
    );
    const group = nodeGroup(nodes);
    const signalled = exitOnSignals(group, root, Math.max(...configs.map((c) => c.shutdownTimeout)));
    try {
      await group.start();
    } catch (err) {
      // A signal during start stops the nodes and makes start give up: the signal handler exits.
      if (signalled()) return;
      root.fatal({ err }, configs.length === 1 ? "the node cannot start" : "a node cannot start");
      root.flush();
      throw err;
    }
  });
}

/**
 * Several nodes started and stopped as one: start starts them all and, when one fails, stops the
 * others and rethrows; stop stops them all.
 *
 * @param nodes - The nodes.
 * @returns The group.
 */
function nodeGroup(nodes: readonly WaymarkNode[]): { start(): Promise<void>; stop(): Promise<void> } {
  const [only] = nodes;
  if (nodes.length === 1 && only !== undefined) return only;
  const stop = async (): Promise<void> => {
    await Promise.allSettled(nodes.map(async (node) => node.stop()));
  };
  return {
    async start() {
      const started = await Promise.allSettled(nodes.map(async (node) => node.start()));
      const failed = started.find((result) => result.status === "rejected");
      if (failed !== undefined) {
        await stop();
        throw failed.reason;
      }
    },
    stop,
  };
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
