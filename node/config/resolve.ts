import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

import { ConfigFileError, InvalidConfigError } from "../errors/config.js";
import type { ConfigLayer } from "./layers.js";
import { fileLayer, flagName, inputLayer, optionEntries } from "./layers.js";
import { LOOPBACK_PRESET } from "./options.js";
import type { NodeConfig, NodeConfigInput } from "./types.js";
import { isRecord, ValueError } from "./values.js";

/**
 * Resolves the node configuration from layers of sources, later layers winning (defaults, then
 * file, then environment, then flags), and validates every value.
 *
 * @param layers - The sources, lowest precedence first.
 * @param options - `cwd`, what default paths are relative to. @default process.cwd()
 * @returns The complete configuration.
 * @throws InvalidConfigError naming the first option whose value is missing or invalid.
 * @example
 * ```ts
 * const config = resolveNodeConfig([
 *   fileLayer(path, values), envLayer(process.env, cwd), flagLayer(flags, cwd),
 * ]);
 * ```
 */
export function resolveNodeConfig(
  layers: readonly ConfigLayer[],
  options: { cwd?: string | undefined } = {},
): NodeConfig {
  const cwd = options.cwd ?? process.cwd();
  for (const layer of layers) {
    if (!layer.strict) continue;
    for (const key of Object.keys(layer.values)) {
      if (!optionEntries().some(([name]) => name === key)) {
        throw new InvalidConfigError(key, "is not an option", { source: layer.describe(key) });
      }
    }
  }

  const resolved: Partial<Record<keyof NodeConfig, unknown>> = {};
  const explicit = new Set<keyof NodeConfig>();
  for (const [name, spec] of optionEntries()) {
    const layer = layers.findLast((candidate) => candidate.values[name] !== undefined);
    if (layer === undefined) {
      if (spec.default === undefined) {
        throw new InvalidConfigError(
          name,
          `is required: set ${flagName(spec.flag)}, ${spec.env} or "${name}" in the configuration file`,
        );
      }
      resolved[name] = spec.default(resolved as Partial<NodeConfig>, { cwd });
      continue;
    }
    explicit.add(name);
    try {
      resolved[name] = spec.parse(layer.values[name], { baseDir: layer.baseDir });
    } catch (err) {
      if (!(err instanceof ValueError)) throw err;
      throw new InvalidConfigError(name, err.message, { source: layer.describe(name), cause: err });
    }
  }

  if (resolved.loopback === true) {
    for (const [name, value] of Object.entries(LOOPBACK_PRESET) as [keyof NodeConfig, unknown][]) {
      if (!explicit.has(name)) resolved[name] = value;
    }
  }
  const config = resolved as NodeConfig;
  if (config.announceTimeout > config.announceInterval) {
    throw new InvalidConfigError("announceTimeout", "must not exceed announceInterval", {
      source: explicit.has("announceTimeout") ? describe(layers, "announceTimeout") : undefined,
    });
  }
  return config;
}

/**
 * Validates a configuration given by a program, filling in every default.
 *
 * @param input - The options; values may be typed or text.
 * @param cwd - What relative paths are relative to. @default process.cwd()
 * @returns The complete configuration.
 * @throws InvalidConfigError naming the first invalid option.
 */
export function parseNodeConfig(input: NodeConfigInput, cwd: string = process.cwd()): NodeConfig {
  return resolveNodeConfig([inputLayer(input, cwd)], { cwd });
}

/**
 * Reads a JSON configuration file into a layer.
 *
 * @param path - The file.
 * @returns Its layer.
 * @throws ConfigFileError when the file cannot be read or is not a JSON object.
 */
export async function readConfigFile(path: string): Promise<ConfigLayer> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = await readFile(absolute, "utf8");
  } catch (err) {
    throw new ConfigFileError(absolute, "it cannot be read", { cause: err });
  }
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (err) {
    throw new ConfigFileError(absolute, "it is not valid JSON", { cause: err });
  }
  if (!isRecord(values)) throw new ConfigFileError(absolute, "it is not a JSON object");
  return fileLayer(absolute, values);
}

function describe(layers: readonly ConfigLayer[], name: string): string | undefined {
  return layers.findLast((layer) => layer.values[name] !== undefined)?.describe(name);
}
