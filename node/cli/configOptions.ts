import type { Command } from "commander";
import { Option } from "commander";

import { envLayer, flagLayer, optionEntries } from "../config/layers.js";
import type { ConfigLayer } from "../config/layers.js";
import { readConfigFile, resolveNodeConfig } from "../config/resolve.js";
import type { NodeConfig } from "../config/types.js";

/** The environment variable naming the configuration file, when `--config` is not given. */
export const CONFIG_ENV = "WAYMARK_CONFIG";

/** Options whose values are lists: a repeated flag adds to the list. */
const LIST_OPTIONS = new Set<keyof NodeConfig>(["listen", "announce", "bootstrap", "connectionAllow"]);

/**
 * Adds `--config` and the flags of the given node options (all when absent) to a command. Flags
 * carry no defaults of their own, so that a flag overrides the environment and the file only when
 * it is given.
 *
 * @param command - The command.
 * @param names - The options to offer.
 * @returns The command.
 */
export function addConfigOptions(command: Command, names?: readonly (keyof NodeConfig)[]): Command {
  command.option("--config <file>", `JSON configuration file (env ${CONFIG_ENV})`);
  for (const [name, spec] of optionEntries()) {
    if (spec.fileOnly === true || (names !== undefined && !names.includes(name))) continue;
    const option = new Option(
      spec.flag,
      `${spec.description} (default: ${spec.defaultText}; env ${spec.env})`,
    );
    if (LIST_OPTIONS.has(name)) {
      option.argParser((value: string, previous: string | undefined) =>
        previous === undefined ? value : `${previous},${value}`,
      );
    }
    command.addOption(option);
  }
  return command;
}

/**
 * Resolves the node configuration of a parsed command: the file (`--config` or `WAYMARK_CONFIG`),
 * then the `WAYMARK_*` environment, then the flags given on the command line.
 *
 * @param command - The parsed command.
 * @param env - The environment. @default process.env
 * @returns The configuration.
 * @throws InvalidConfigError naming the first invalid option.
 * @throws ConfigFileError when the file cannot be used.
 */
export async function configFromCommand(
  command: Command,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<NodeConfig> {
  const cwd = process.cwd();
  const layers: ConfigLayer[] = [];
  const opts = command.opts<Record<string, unknown>>();
  const file = typeof opts.config === "string" ? opts.config : env[CONFIG_ENV];
  if (file !== undefined && file !== "") layers.push(await readConfigFile(file));
  layers.push(envLayer(env, cwd));
  const flags: Record<string, unknown> = {};
  for (const option of command.options) {
    const attribute = option.attributeName();
    const name = optionEntries().find(([, spec]) => spec.flag === option.flags)?.[0];
    if (name === undefined || command.getOptionValueSource(attribute) !== "cli") continue;
    flags[name] = opts[attribute];
  }
  layers.push(flagLayer(flags, cwd));
  return resolveNodeConfig(layers, { cwd });
}
