import type { RecordsUsage } from "./store/types.js";
import type { RecordsStatus } from "./types.js";

/** The parts the status is made of; `usage` is undefined when the service is not running. */
export interface RecordsStatusParts {
  usage: RecordsUsage | undefined;
  capacity: number;
  stored: number;
  requests: RecordsStatus["requests"];
  errorsByCode: Record<string, number>;
  refusals: Record<string, number>;
}

/**
 * Assembles what `/status` shows for the records service.
 *
 * @param parts - Store usage and the counters.
 * @returns The status (copies: later requests do not change it).
 */
export function recordsStatus(parts: RecordsStatusParts): RecordsStatus {
  const { usage } = parts;
  return {
    records: usage?.records ?? 0,
    tombstones: usage?.tombstones ?? 0,
    owners: usage?.owners ?? 0,
    bytesUsed: usage?.bytes ?? 0,
    capacityBytes: parts.capacity,
    freeBytes: usage?.free ?? parts.capacity,
    stored: parts.stored,
    requests: {
      put: { ...parts.requests.put },
      get: { ...parts.requests.get },
      list: { ...parts.requests.list },
    },
    errorsByCode: { ...parts.errorsByCode },
    refusals: { ...parts.refusals },
  };
}
