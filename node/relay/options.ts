import type { OptionInit, OptionValues } from "../../client/kernel/options/optionTable.js";
import { resolveOptions } from "../../client/kernel/options/optionTable.js";
import { RelayOptionError } from "./errors.js";
import { RELAY_OPTIONS } from "./options/table.js";

export { RELAY_OPTIONS } from "./options/table.js";

/** Every relay limit, resolved. */
export type RelayLimits = OptionValues<typeof RELAY_OPTIONS>;

/** The relay limits a caller may give; each is optional and documented in {@link RELAY_OPTIONS}. */
export type RelayLimitsInit = OptionInit<typeof RELAY_OPTIONS>;

/** The names of every relay option. */
export const RELAY_LIMIT_OPTIONS = Object.keys(RELAY_OPTIONS) as readonly (keyof RelayLimits)[];

/**
 * Merges limits with their defaults and checks each one and how they fit together.
 *
 * @param init - The limits given; absent fields take their defaults.
 * @returns Every limit resolved.
 * @throws RelayOptionError naming the first option without a valid value.
 */
export function resolveRelayLimits(init: RelayLimitsInit = {}): RelayLimits {
  const limits = resolveOptions(RELAY_OPTIONS, init, (option, reason) => {
    throw new RelayOptionError(option, reason);
  });
  if (limits.maxCircuitsPerPeer > limits.maxCircuitsPerAddress) {
    throw new RelayOptionError("maxCircuitsPerPeer", "must not exceed maxCircuitsPerAddress");
  }
  if (limits.maxCircuitsPerAddress > limits.maxCircuits) {
    throw new RelayOptionError("maxCircuitsPerAddress", "must not exceed maxCircuits");
  }
  return limits;
}

/** Defaults of every relay option. */
export const RELAY_SERVICE_DEFAULTS: Readonly<RelayLimits> = resolveRelayLimits();

/**
 * Checks the relay section of the node configuration: only known option names, each valid.
 *
 * @param options - The section, unvalidated.
 * @returns The limits given (defaults applied later).
 * @throws RelayOptionError naming the first unknown option or invalid value.
 */
export function parseRelayOptions(options: Record<string, unknown>): RelayLimitsInit {
  const known = new Set<string>(RELAY_LIMIT_OPTIONS);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new RelayOptionError(key, "is not a relay option");
  }
  const limits = options as RelayLimitsInit;
  resolveRelayLimits(limits);
  return limits;
}
