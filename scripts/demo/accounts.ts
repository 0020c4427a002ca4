import { devAccount } from "../kit/accounts.js";

/** Who plays which role in the demo. */
export const ROLES = {
  /** Deploys the registry; its default admin and first curator. */
  curator: devAccount(0),
  /** Owner of "Alpha Mail", admitted directly by the curator. */
  alpha: devAccount(1),
  /** Owner of "Beta Relay", which applies and is approved. */
  beta: devAccount(2),
} as const;
