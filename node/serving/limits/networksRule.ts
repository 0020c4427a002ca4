import type { Rule } from "../../../client/kernel/options/rules.js";
import { stringList } from "../../../client/kernel/options/rules.js";
import { AddressExemptions } from "./networkAddress.js";

/**
 * The option rule of a list of IP networks in CIDR notation, each parsed as the per-address
 * limits parse it (for `addressLimitExempt` options).
 */
export const NETWORKS_RULE: Rule<readonly string[]> = stringList(
  "list of IP networks (CIDR)",
  (network) => {
    try {
      new AddressExemptions([network]);
      return undefined;
    } catch {
      return `must be a list of IP networks such as "10.0.0.0/8" or "2001:db8::/32"; ${JSON.stringify(network)} is not one`;
    }
  },
  'must be a list of IP networks such as ["10.0.0.0/8"]',
);
