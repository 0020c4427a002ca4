import { readFileSync } from "node:fs";

/** File descriptors a node needs beside its connections: stores, datastore, status server, logs. */
export const FILE_DESCRIPTOR_MARGIN = 256;

/**
 * The process's soft limit on open files (`ulimit -n`), read from `/proc/self/limits`.
 *
 * @param limitsText - The text of `/proc/self/limits`; read from the system when absent.
 * @returns The limit, or `undefined` when unknown (not Linux) or unlimited.
 */
export function openFileLimit(limitsText?: string): number | undefined {
  let text = limitsText;
  if (text === undefined) {
    try {
      text = readFileSync("/proc/self/limits", "utf8");
    } catch {
      return undefined;
    }
  }
  const match = /^Max open files\s+(\d+|unlimited)\s/m.exec(text);
  if (match?.[1] === undefined || match[1] === "unlimited") return undefined;
  return Number(match[1]);
}

/**
 * Whether the open-file limit leaves room for `maxConnections` connections. Each connection takes
 * a descriptor; past the limit the operating system refuses new sockets, and Node.js closes each
 * arriving connection at once, which a client sees as a failed Noise handshake.
 *
 * @param maxConnections - The node's connection limit.
 * @param limit - The open-file limit (see {@link openFileLimit}).
 * @returns `undefined` when there is room (or the limit is unknown), else the connections that fit.
 */
export function connectionsOverFileLimit(
  maxConnections: number,
  limit: number | undefined,
): number | undefined {
  if (limit === undefined) return undefined;
  const fit = Math.max(0, limit - FILE_DESCRIPTOR_MARGIN);
  return maxConnections > fit ? fit : undefined;
}
