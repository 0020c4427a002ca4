import { jsonTerminalSafe } from "../../client/kernel/text/terminalText.js";
import { redactUrls } from "../../client/kernel/text/redactUrl.js";
import type { RegistrationVerdict } from "../registration/verdicts.js";

/** Where a node is in its life. */
export type NodeState = "starting" | "waiting-for-chain" | "running" | "stopping" | "stopped";

/** The JSON `/status` serves. Times are ISO 8601; absent values are `null`. */
export interface NodeStatus {
  /** Waymark's version. */
  version: string;
  state: NodeState;
  startedAt: string;
  uptimeSeconds: number;
  peerId: string;
  /** The Ethereum address of the node key, as the registry knows the node. */
  nodeAddress: string;
  /** The registry service the node serves, e.g. `mail/1`. */
  service: string;
  /** The registry's chain id, once known. */
  chainId: string | null;
  registry: string;
  /** The DHT key the node announces (a CID), once the chain id is known. */
  serviceKey: string | null;
  /** The multiaddrs others can dial. */
  addresses: string[];
  registration: {
    /** The registry's verdict under the default providers' policy, or `unknown`. */
    verdict: RegistrationVerdict;
    /** Registered and active under an active provider; null while unknown. */
    registered: boolean | null;
    providerId: string | null;
    /** When the registry last answered. */
    checkedAt: string | null;
    /** True when the last check failed and the verdict is older. */
    stale: boolean;
    /** Why the last check failed, or why the chain cannot be reached while the node waits for it. */
    error: string | null;
  };
  /** Open libp2p connections. */
  connections: number;
  /**
   * The inbound handshake queue (see `inboundConnectionQueue`): connections running their
   * handshake and waiting for a turn now, the most that waited at once, arrivals admitted and
   * those of them that waited since start, and arrivals refused because the queue was full.
   * Null until the host runs.
   */
  handshakes: {
    running: number;
    queued: number;
    highestQueued: number;
    admitted: number;
    waited: number;
    refused: number;
  } | null;
  dht: { mode: "server" | "client" | null; routingTableSize: number };
  announcement: {
    last: { at: string; ok: boolean; peers: number; durationMs: number; error: string | null } | null;
    next: string | null;
    successes: number;
    failures: number;
  };
  /**
   * What each mounted service reports, under its libp2p service key; a service on a PostgreSQL
   * store also shows `store` (its backend, schema, whether it still holds its schema lock, and
   * when it lost it).
   */
  services: Record<string, Record<string, unknown>>;
}

/**
 * Serialises a status (or anything a service reports) as JSON, bigints as decimal text. URLs in its
 * strings are cut to their scheme, host and port (an error may quote the chain RPC URL, which may
 * hold an API key), and control and format characters are escaped as `\uXXXX`, so that the JSON
 * prints safely on a terminal.
 *
 * @param value - The value.
 * @returns Pretty-printed JSON.
 */
export function statusJson(value: unknown): string {
  return jsonTerminalSafe(
    JSON.stringify(
      value,
      (_key, item: unknown) => {
        if (typeof item === "bigint") return item.toString();
        if (typeof item === "string") return redactUrls(item);
        return item;
      },
      2,
    ),
  );
}

/**
 * A time as ISO 8601, or null.
 *
 * @param ms - Milliseconds since the epoch.
 * @returns The text, or null when absent.
 */
export function isoTime(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}
