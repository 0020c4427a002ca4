import { redactUrls } from "../text/redactUrl.js";
import { WaymarkError } from "./base.js";

/** How many causes deep a chain is copied; deeper causes are dropped. */
const MAX_DEPTH = 8;

/**
 * A copy of an error chain that says no more than its text with each URL redacted (see
 * `redactUrls`): for an RPC library's error, whose message and fields (`info.requestUrl`, the
 * request itself) hold the full RPC URL with its API key. The copy keeps each error's `name`,
 * `code` and `shortMessage` and its stack, redacted; other fields are dropped. Waymark errors pass
 * through unchanged: they redact what they quote when they are made.
 *
 * @param err - What was thrown, or undefined.
 * @returns The redacted copy (an `Error`), the Waymark error itself, or a string or value as is.
 */
export function redactError(err: unknown): unknown {
  return copy(err, 0);
}

function copy(err: unknown, depth: number): unknown {
  if (err instanceof WaymarkError) return err;
  if (typeof err === "string") return redactUrls(err);
  if (!(err instanceof Error)) return err;
  const cause = err.cause === undefined || depth >= MAX_DEPTH ? undefined : copy(err.cause, depth + 1);
  const redacted = new Error(redactUrls(err.message), cause === undefined ? undefined : { cause });
  redacted.name = err.name;
  redacted.stack = redactUrls(err.stack ?? `${err.name}: ${err.message}`);
  const { code, shortMessage } = err as { code?: unknown; shortMessage?: unknown };
  if (typeof code === "string" || typeof code === "number") Object.assign(redacted, { code });
  if (typeof shortMessage === "string") Object.assign(redacted, { shortMessage: redactUrls(shortMessage) });
  return redacted;
}
