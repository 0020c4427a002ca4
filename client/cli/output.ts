import { WaymarkError } from "../kernel/errors/base.js";
import { redactUrls } from "../kernel/text/redactUrl.js";
import { jsonTerminalSafe, terminalSafe } from "../kernel/text/terminalText.js";

/**
 * Most characters of one table cell, escapes included: a registry text at its limit (256 bytes)
 * fits whole even when every byte is escaped.
 */
export const MAX_CELL_LENGTH = 1_600;

/**
 * Prints a value as JSON on stdout (bigints as decimal strings, bytes as hex). Control and format
 * characters in strings are escaped (`\u009b`, `\u202e`), so the JSON is the same value and
 * prints safely on a terminal.
 *
 * @param value - The value.
 */
export function printJson(value: unknown): void {
  console.log(
    jsonTerminalSafe(
      JSON.stringify(
        value,
        (_key, item: unknown) => {
          if (typeof item === "bigint") return item.toString();
          if (item instanceof Uint8Array) return Buffer.from(item).toString("hex");
          return item;
        },
        2,
      ),
    ),
  );
}

/**
 * Prints one line of text on stdout, its control and format characters escaped (see
 * {@link terminalSafe}): for any line that quotes text from the chain, the DHT or a peer.
 *
 * @param text - The line.
 */
export function printLine(text: string): void {
  console.log(terminalSafe(text));
}

/**
 * Prints rows as an aligned table on stdout. Every cell is escaped (see {@link terminalSafe}) and
 * cut at {@link MAX_CELL_LENGTH} characters: cells hold names, URIs and addresses from the chain.
 *
 * @param headers - Column titles.
 * @param rows - Cells, as text.
 */
export function printTable(headers: readonly string[], rows: readonly (readonly string[])[]): void {
  const safe = (cell: string): string => terminalSafe(cell, { maxLength: MAX_CELL_LENGTH });
  const titles = headers.map(safe);
  const cells = rows.map((row) => row.map(safe));
  const widths = titles.map((title, column) =>
    Math.max(title.length, ...cells.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  console.log(line(titles));
  for (const row of cells) console.log(line(row));
}

/** A progress indicator on stderr. */
export interface Progress {
  /** Ends it, with an optional result. */
  done(result?: string): void;
  /** Ends it as failed. */
  fail(): void;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * Shows progress on stderr for something that takes more than a moment: a spinner with the elapsed
 * time on a terminal, one line otherwise. Silent with `--quiet`.
 *
 * @param text - What is happening, e.g. `Discovering servers` (escaped as by {@link terminalSafe}).
 * @param quiet - Print nothing.
 * @returns The indicator; call `done()` or `fail()`.
 */
export function progress(text: string, quiet = false): Progress {
  if (quiet) return { done: () => undefined, fail: () => undefined };
  // Labels and results may quote names given on the command line or read from the chain.
  const label = terminalSafe(text);
  const outcome = (result: string | undefined): string => terminalSafe(result ?? "done");
  const started = Date.now();
  const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (!process.stderr.isTTY) {
    process.stderr.write(`${label}…\n`);
    return {
      done: (result) => process.stderr.write(`${label}: ${outcome(result)} (${elapsed()})\n`),
      fail: () => undefined,
    };
  }
  let frame = 0;
  const timer = setInterval(() => {
    process.stderr.write(`\r${FRAMES[frame++ % FRAMES.length] ?? ""} ${label}… ${elapsed()}`);
  }, 80);
  const clear = (): void => {
    clearInterval(timer);
    process.stderr.write("\r\x1b[2K");
  };
  return {
    done: (result) => {
      clear();
      process.stderr.write(`✓ ${label}: ${outcome(result)} (${elapsed()})\n`);
    },
    fail: clear,
  };
}

/**
 * Runs a step with a progress indicator.
 *
 * @param label - What is happening.
 * @param quiet - Print nothing.
 * @param step - The work.
 * @param summary - Optional one-word result from the step's value.
 * @returns The step's value.
 */
export async function withProgress<T>(
  label: string,
  quiet: boolean | undefined,
  step: () => Promise<T>,
  summary?: (value: T) => string,
): Promise<T> {
  const indicator = progress(label, quiet === true);
  try {
    const value = await step();
    indicator.done(summary?.(value));
    return value;
  } catch (err) {
    indicator.fail();
    throw err;
  }
}

/**
 * The one-line reason printed when a command fails. URLs in it are cut to their scheme, host and
 * port (an RPC URL may hold an API key), and control and format characters are escaped (it may
 * quote text from the chain or a peer).
 *
 * @param err - What the command threw.
 * @returns One line: the error's name and short message.
 */
export function errorLine(err: unknown): string {
  return terminalSafe(redactUrls(describeError(err)));
}

/**
 * What a person can do about a failed command, when the error says (see `WaymarkError.hint`),
 * redacted and escaped as {@link errorLine} is; printed on the line after it.
 *
 * @param err - What the command threw.
 * @returns The hint on one line, or undefined.
 */
export function errorHint(err: unknown): string | undefined {
  if (!(err instanceof WaymarkError) || err.hint === undefined) return undefined;
  return terminalSafe(redactUrls(oneLine(err.hint)));
}

function describeError(err: unknown): string {
  if (err instanceof WaymarkError) {
    // A decoded revert says it all; other details are shown when they fit on the line.
    const details =
      err.name === "RegistryRevertError" || err.details === undefined || err.details === err.shortMessage
        ? undefined
        : err.details.length <= 160
          ? err.details
          : undefined;
    return oneLine(`${err.name}: ${err.shortMessage}${details === undefined ? "" : ` (${details})`}`);
  }
  if (err instanceof Error) return oneLine(`${err.name}: ${err.message}`);
  return oneLine(String(err));
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

/**
 * A count with its noun, singular for one: `counted(1, "candidate")` is "1 candidate".
 *
 * @param count - How many.
 * @param noun - The singular noun.
 * @param plural - The plural, when it is not the noun plus "s".
 * @returns The count and the noun.
 */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
