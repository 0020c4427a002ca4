import type { Log } from "ethers";
import { id, ZeroHash } from "ethers";

import { reasonName } from "../../../actions/registry/reasons.js";
import type { RegistryClient } from "../../../kernel/registry/connect.js";
import { Registry__factory } from "../../../kernel/registry/contracts/index.js";
import { serviceName } from "../../../kernel/service/serviceId.js";

const registryInterface = Registry__factory.createInterface();

/** The registry's roles by hash, to name them in `RoleGranted` and `RoleRevoked`. */
const ROLE_NAMES: ReadonlyMap<string, string> = new Map([
  [ZeroHash, "DEFAULT_ADMIN_ROLE"],
  [id("CURATOR_ROLE"), "CURATOR_ROLE"],
]);

/** One registry event, decoded. */
export interface RegistryEvent {
  /** `block:logIndex`, unique. */
  key: string;
  blockNumber: number;
  transactionHash: string;
  /** The event's name, e.g. `ProviderSuspended`. */
  name: string;
  /** The provider it is about, when it is about one. */
  providerId: bigint | undefined;
  /** The node it is about, when it is about one. */
  node: string | undefined;
  /** Its other arguments as name and text (untrusted text stays text). */
  details: [string, string][];
}

/**
 * Reads and decodes the registry's events in a block range.
 *
 * @param registry - The read connection.
 * @param fromBlock - First block.
 * @param toBlock - Last block.
 * @returns The events, oldest first.
 */
export async function readEvents(
  registry: RegistryClient,
  fromBlock: number,
  toBlock: number,
): Promise<RegistryEvent[]> {
  if (toBlock < fromBlock) return [];
  const logs = await registry.provider.getLogs({ address: registry.address, fromBlock, toBlock });
  return logs.flatMap((log) => {
    const event = decodeLog(log);
    return event === undefined ? [] : [event];
  });
}

function decodeLog(log: Log): RegistryEvent | undefined {
  let parsed;
  try {
    parsed = registryInterface.parseLog({ topics: [...log.topics], data: log.data });
  } catch {
    return undefined;
  }
  if (parsed === null) return undefined;
  let providerId: bigint | undefined;
  let node: string | undefined;
  const details: [string, string][] = [];
  parsed.fragment.inputs.forEach((input, index) => {
    const value: unknown = parsed.args[index];
    if (input.name === "providerId") providerId = value as bigint;
    else if (input.name === "node") node = value as string;
    else details.push([input.name, formatArg(input.name, value)]);
  });
  return {
    key: `${log.blockNumber}:${log.index}`,
    blockNumber: log.blockNumber,
    transactionHash: log.transactionHash,
    name: parsed.name,
    providerId,
    node,
    details,
  };
}

function formatArg(name: string, value: unknown): string {
  if (name === "reason" && typeof value === "bigint") return reasonName(value);
  if (name === "service" && typeof value === "string") return serviceName(value);
  if (name === "role" && typeof value === "string") return ROLE_NAMES.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => String(item)).join(", ");
  return String(value);
}
