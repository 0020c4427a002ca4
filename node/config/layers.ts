import { dirname } from "node:path";

import { NODE_OPTIONS } from "./options.js";
import type { NodeConfig } from "./types.js";

/** One source of configuration values; later layers win over earlier ones. */
export interface ConfigLayer {
  /** Values keyed by option name (as the configuration file spells them). */
  values: Partial<Record<string, unknown>>;
  /** What relative paths in this layer are relative to. */
  baseDir: string;
  /** Names where an option's value came from, for error messages (`--listen`, `WAYMARK_LISTEN`). */
  describe(option: string): string;
  /** Whether keys that are not options are errors (a file's typo must not pass silently). */
  strict: boolean;
}

type OptionName = keyof NodeConfig;

/**
 * The layer of a configuration file's values; relative paths are relative to the file.
 *
 * @param path - The file, for messages and relative paths.
 * @param values - Its parsed JSON object.
 * @returns The layer.
 */
export function fileLayer(path: string, values: Record<string, unknown>): ConfigLayer {
  return { values, baseDir: dirname(path), describe: () => `the configuration file ${path}`, strict: true };
}

/**
 * The layer of the `WAYMARK_*` environment variables.
 *
 * @param env - The environment, usually `process.env`.
 * @param cwd - What relative paths are relative to.
 * @returns The layer.
 */
export function envLayer(env: Readonly<Record<string, string | undefined>>, cwd: string): ConfigLayer {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of optionEntries()) {
    if (spec.fileOnly === true) continue;
    const value = env[spec.env];
    if (value !== undefined) values[name] = value;
  }
  return { values, baseDir: cwd, describe: (option) => optionSpec(option)?.env ?? option, strict: false };
}

/**
 * The layer of command-line flags, keyed by option name.
 *
 * @param values - Only the flags the user actually gave.
 * @param cwd - What relative paths are relative to.
 * @returns The layer.
 */
export function flagLayer(values: Record<string, unknown>, cwd: string): ConfigLayer {
  return {
    values,
    baseDir: cwd,
    describe: (option) => flagName(optionSpec(option)?.flag ?? option),
    strict: true,
  };
}

/**
 * The layer of a configuration object given by a program (`startNode(config)`).
 *
 * @param values - The options.
 * @param cwd - What relative paths are relative to.
 * @returns The layer.
 */
export function inputLayer(values: Record<string, unknown>, cwd: string): ConfigLayer {
  return { values, baseDir: cwd, describe: () => "the node configuration", strict: true };
}

/**
 * The bare flag of a commander flag spec: `--data-dir <dir>` gives `--data-dir`.
 *
 * @param flag - The commander spec.
 * @returns The flag.
 */
export function flagName(flag: string): string {
  return flag.split(/[ ,]/)[0] ?? flag;
}

/**
 * Every option's name and spec, in resolution order.
 *
 * @returns The entries of {@link NODE_OPTIONS}.
 */
export function optionEntries(): [OptionName, (typeof NODE_OPTIONS)[OptionName]][] {
  return Object.entries(NODE_OPTIONS) as [OptionName, (typeof NODE_OPTIONS)[OptionName]][];
}

function optionSpec(option: string): (typeof NODE_OPTIONS)[OptionName] | undefined {
  return Object.hasOwn(NODE_OPTIONS, option) ? NODE_OPTIONS[option as OptionName] : undefined;
}
