/** Provider statuses, named as in `IRegistry.ProviderStatus`. */
export const PROVIDER_STATUSES = ["None", "Pending", "Active", "Suspended", "Rejected", "Retired"] as const;
/** One of {@link PROVIDER_STATUSES}. */
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

/** Node statuses, named as in `IRegistry.NodeStatus`. */
export const NODE_STATUSES = ["None", "Active", "Suspended", "Retired"] as const;
/** One of {@link NODE_STATUSES}. */
export type NodeStatus = (typeof NODE_STATUSES)[number];
