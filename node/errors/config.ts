import { WaymarkError } from "../../client/kernel/errors/base.js";

/**
 * A configuration value that is missing or invalid. `option` names the option as the
 * configuration file spells it; `source` says where the value came from.
 *
 * @example
 * ```ts
 * try { await startNode({ announceInterval: "soon" }) }
 * catch (err) { if (err instanceof InvalidConfigError) console.error(err.option) } // "announceInterval"
 * ```
 */
export class InvalidConfigError extends WaymarkError {
  override name = "InvalidConfigError" as const;
  /** The option, as the configuration file spells it, e.g. `announceInterval`. */
  readonly option: string;
  /** Where the value came from: a flag, an environment variable, the file, or the defaults. */
  readonly source: string | undefined;

  /**
   * @param option - The option's configuration-file key.
   * @param reason - What is wrong with the value.
   * @param options - Where the value came from, and the underlying error.
   */
  constructor(
    option: string,
    reason: string,
    options: { source?: string | undefined; cause?: unknown } = {},
  ) {
    const from = options.source === undefined ? "" : ` (from ${options.source})`;
    super(`Invalid configuration option "${option}"${from}: ${reason}`, { cause: options.cause });
    this.option = option;
    this.source = options.source;
  }
}

/** The configuration file cannot be read or is not a JSON object. */
export class ConfigFileError extends WaymarkError {
  override name = "ConfigFileError" as const;
  /** The file. */
  readonly path: string;

  /**
   * @param path - The configuration file.
   * @param reason - Why it cannot be used.
   * @param options - The underlying error.
   */
  constructor(path: string, reason: string, options: { cause?: unknown } = {}) {
    super(`Cannot use the configuration file ${path}: ${reason}`, { cause: options.cause });
    this.path = path;
  }
}
