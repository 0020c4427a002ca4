import { terminalSafe } from "../../client/kernel/text/terminalText.js";
import { redactUrls } from "../../client/kernel/text/redactUrl.js";

/**
 * Prints an error for a person (`Name: message`, so that scripts can match the name) and sets a
 * failing exit code. URLs in it are cut to their scheme, host and port (an RPC URL may hold an API
 * key), and each line is escaped as {@link terminalSafe} does (it may quote a peer or the chain).
 *
 * @param err - What was thrown.
 */
export function reportError(err: unknown): void {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : `Error: ${String(err)}`;
  const lines = redactUrls(text)
    .split("\n")
    .map((line) => terminalSafe(line));
  console.error(lines.join("\n"));
  process.exitCode = 1;
}
