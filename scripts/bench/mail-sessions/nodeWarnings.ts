import type { LogLine } from "../../kit/logLines.js";

/** pino's level number of a warning. */
const WARN_LEVEL = 40;
/** A connection's or stream's id in a libp2p component name (`…:inbound:6qa430…:yamux:outbound:18`). */
const CONNECTION_ID = /:(inbound|outbound):[a-z0-9]+/g;
/** An IP address and port in a message. */
const ADDRESS = /\/ip[46]\/[^/\s]+\/(tcp|udp)\/\d+/g;
/** Most characters of an error message kept as an example. */
const EXAMPLE_LENGTH = 200;

/** The node's warnings of one kind (libp2p component and message) during a step. */
export interface NodeWarning {
  /** The libp2p or Waymark component that logged it, when the line names one. */
  component: string | undefined;
  /** The log message. */
  msg: string;
  /** Lines of this kind written (the node's log keeps at most a few per minute of each kind). */
  count: number;
  /** The first line's error message, cut short. */
  example: string | undefined;
}

/**
 * The node's warnings and errors written since a line, grouped by component and message, the most
 * frequent first: what the node says it closed or refused during a step, for instance a
 * connection aborted after a late ping. Connection and stream ids and addresses are left out of
 * the grouping.
 *
 * @param lines - The node's log lines so far.
 * @param from - The index of the first line of the step.
 * @returns One entry per kind.
 */
export function nodeWarnings(lines: readonly LogLine[], from: number): NodeWarning[] {
  const kinds = new Map<string, NodeWarning>();
  for (const line of lines.slice(from)) {
    if (line.level < WARN_LEVEL) continue;
    const component = typeof line.component === "string" ? withoutIds(line.component) : undefined;
    const msg = line.msg.replace(ADDRESS, "<address>");
    const key = `${component ?? ""}\u0000${msg}`;
    const known = kinds.get(key);
    if (known !== undefined) {
      known.count += 1;
      continue;
    }
    kinds.set(key, { component, msg, count: 1, example: errorMessage(line.err) });
  }
  return [...kinds.values()].sort((a, b) => b.count - a.count);
}

/** A component name without connection and stream ids, so that one kind of warning is one entry. */
function withoutIds(component: string): string {
  return component.replace(CONNECTION_ID, ":$1:*");
}

function errorMessage(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const message = (err as { message?: unknown }).message;
  return typeof message === "string" ? message.slice(0, EXAMPLE_LENGTH) : undefined;
}
