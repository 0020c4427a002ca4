import { inspect } from "node:util";

import { base32 } from "multiformats/bases/base32";
import { base58btc } from "multiformats/bases/base58";
import { base64 } from "multiformats/bases/base64";

/** A libp2p log call's format string and arguments, expanded. */
export interface FormattedLine {
  /** The message, every placeholder replaced and the arguments left over appended. */
  msg: string;
  /** The first error among the arguments, logged whole beside the message. */
  err?: Error | undefined;
}

const PLACEHOLDER = /%([a-zA-Z%])/g;

/**
 * Expands a libp2p log call as `@libp2p/logger` does (`debug`'s `%s %d %j %o %O` and libp2p's
 * `%a` multiaddr, `%p` peer id, `%c` CID, `%k` datastore key, `%e` error, `%b %t %m` bytes in
 * base58btc, base32, base64). An error shows as its message; the first one is returned apart so
 * that its stack and causes are logged as a field. Objects are shown shallowly, on one line.
 *
 * @param formatter - The format string (or a lone value).
 * @param args - The arguments.
 * @returns The message and the first error.
 * @example
 * ```ts
 * formatLibp2pLine("dial failed to %a - %e", [addr, err]); // { msg: "dial failed to /ip4/… - connect ECONNREFUSED …", err }
 * ```
 */
export function formatLibp2pLine(formatter: unknown, args: readonly unknown[]): FormattedLine {
  const found: { err?: Error } = {};
  let used = 0;
  let msg: string;
  if (typeof formatter === "string") {
    msg = formatter.replace(PLACEHOLDER, (match, letter: string) => {
      if (letter === "%") return "%";
      if (used >= args.length) return match;
      return formatValue(letter, args[used++], found);
    });
  } else {
    msg = formatValue("s", formatter, found);
  }
  for (const rest of args.slice(used)) msg += ` ${formatValue("s", rest, found)}`;
  return { msg, err: found.err };
}

function formatValue(letter: string, value: unknown, found: { err?: Error }): string {
  if (value instanceof Error) {
    found.err ??= value;
    return value.message === "" ? value.name : value.message;
  }
  if (value === null || value === undefined) return String(value);
  switch (letter) {
    case "b":
      return value instanceof Uint8Array ? base58btc.baseEncode(value) : describe(value);
    case "t":
      return value instanceof Uint8Array ? base32.baseEncode(value) : describe(value);
    case "m":
      return value instanceof Uint8Array ? base64.baseEncode(value) : describe(value);
    case "d":
    case "i":
      return typeof value === "bigint" ? value.toString() : String(Number(value));
    case "j":
    case "o":
    case "O":
      return inspectShallow(value);
    default:
      return describe(value);
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") {
    return value.toString();
  }
  if (typeof value !== "object" && typeof value !== "function") return inspectShallow(value);
  // Peer ids, multiaddrs, CIDs and datastore keys say what they are through toString().
  const own = (value as { toString?: unknown }).toString;
  if (typeof own === "function" && own !== Object.prototype.toString && own !== Function.prototype.toString) {
    return (own as () => string).call(value);
  }
  return inspectShallow(value);
}

function inspectShallow(value: unknown): string {
  return inspect(value, { depth: 1, breakLength: Infinity, maxArrayLength: 10, maxStringLength: 200 });
}
