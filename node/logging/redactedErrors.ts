import { pino } from "pino";

import { redactUrls } from "../../client/kernel/text/redactUrl.js";

/**
 * pino's error serializer (type, message and stack of the error and of its causes, and its own
 * fields) with every URL in them cut to its scheme, host and port: an RPC library's error quotes the
 * request URL, and a chain RPC URL often holds an API key.
 *
 * @param err - The error logged under `err`.
 * @returns What the log line shows.
 */
export function redactedErrorSerializer(err: unknown): unknown {
  return redactStrings(err instanceof Error ? pino.stdSerializers.err(err) : err, 0);
}

function redactStrings(value: unknown, depth: number): unknown {
  if (typeof value === "string") return redactUrls(value);
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([name, item]) => [name, redactStrings(item, depth + 1)]),
  );
}
