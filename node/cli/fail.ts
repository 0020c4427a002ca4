import { WaymarkError } from "../../client/errors/base.js";

/**
 * Prints an error for a person (`Name: message`, so that scripts can match the name) and sets a
 * failing exit code.
 *
 * @param err - What was thrown.
 */
export function reportError(err: unknown): void {
  if (err instanceof WaymarkError) console.error(`${err.name}: ${err.message}`);
  else if (err instanceof Error) console.error(`${err.name}: ${err.message}`);
  else console.error(`Error: ${String(err)}`);
  process.exitCode = 1;
}
