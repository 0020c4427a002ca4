import type { Command } from "commander";
import { Option } from "commander";

import { envLayer, flagLayer, optionEntries } from "../config/layers.js";
import type { ConfigLayer } from "../config/layers.js";
import { readConfigFile, resolveNodeConfig } from "../config/resolve.js";
import type { NodeConfig } from "../config/types.js";
import { InvalidConfigError } from "../errors/config.js";

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
  command.option(
    "--config <file>",
    `JSON configuration file (env ${CONFIG_ENV}); \`start\` takes it again for each node it runs`,
    (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
  );
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
 * @throws InvalidConfigError naming the first invalid option, or when `--config` is given twice.
 * @throws ConfigFileError when the file cannot be used.
 */
export async function configFromCommand(
  command: Command,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<NodeConfig> {
  const files = configFiles(command, env);
  if (files.length > 1) {
    throw new InvalidConfigError("config", `this command takes one configuration file, not ${files.length}`);
  }
  return resolveWith(command, env, files[0]);
}

/**
 * Resolves one node configuration per `--config` file (each with the environment and the flags
 * on top), for a command that runs several nodes in one process; one configuration when no file
 * or a single one is given.
 *
 * @param command - The parsed command.
 * @param env - The environment. @default process.env
 * @returns The configurations, in the order of the files.
 * @throws InvalidConfigError naming the first invalid option, or two nodes sharing a key file,
 * data directory or fixed listen or status address.
 * @throws ConfigFileError when a file cannot be used.
 */
export async function configsFromCommand(
  command: Command,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<NodeConfig[]> {
  const files = configFiles(command, env);
  const configs =
    files.length === 0
      ? [await resolveWith(command, env, undefined)]
      : await Promise.all(files.map(async (file) => resolveWith(command, env, file)));
  checkDistinctNodes(configs, files);
  return configs;
}

function configFiles(command: Command, env: Readonly<Record<string, string | undefined>>): string[] {
  const given = command.opts<{ config?: string[] }>().config;
  if (given !== undefined && given.length > 0) return given;
  const fromEnv = env[CONFIG_ENV];
  return fromEnv === undefined || fromEnv === "" ? [] : [fromEnv];
}

async function resolveWith(
  command: Command,
  env: Readonly<Record<string, string | undefined>>,
  file: string | undefined,
): Promise<NodeConfig> {
  const cwd = process.cwd();
  const layers: ConfigLayer[] = [];
  const opts = command.opts<Record<string, unknown>>();
  if (file !== undefined) layers.push(await readConfigFile(file));
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

/**
 * Nodes of one process must not share what only one of them can hold: a key (one registration
 * each), a data directory (its stores), or a fixed listen or status address (port 0 is fine).
 */
function checkDistinctNodes(configs: readonly NodeConfig[], files: readonly string[]): void {
  const seen = new Map<string, number>();
  const claim = (option: string, value: string, index: number): void => {
    const key = `${option}\u0000${value}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new InvalidConfigError(
        option,
        `${files[first] ?? "the first node"} and ${files[index] ?? "another node"} both use ${value}: each node of one process needs its own`,
      );
    }
    seen.set(key, index);
  };
  configs.forEach((config, index) => {
    claim("keyFile", config.keyFile, index);
    claim("dataDir", config.dataDir, index);
    for (const address of config.listen) if (!/\/tcp\/0(\/|$)/.test(address)) claim("listen", address, index);
    if (!config.statusListen.endsWith(":0") && config.statusListen !== "off") {
      claim("statusListen", config.statusListen, index);
    }
  });
}
