import { jsonTerminalSafe, terminalSafe } from "../../client/kernel/text/terminalText.js";

/**
 * A JSON log line with the characters `JSON.stringify` leaves raw (DEL, C1 controls, bidi and other
 * format characters) escaped as `\uXXXX`: the same record, safe to print on a terminal (`tail -f`).
 *
 * @param line - One JSON log line.
 * @returns The line, escaped.
 */
export function safeJsonLine(line: string): string {
  return jsonTerminalSafe(line);
}

/**
 * A JSON log line made ready for the pretty printer, which prints the message and stack traces raw:
 * every string in the record is escaped as {@link terminalSafe} does, a stack line by line (its
 * line breaks are kept, each line is escaped), so that text from a peer or the chain (a bootstrap
 * address, a remote error message) cannot act on the terminal or forge a log line.
 *
 * @param line - One JSON log line.
 * @returns The record as a JSON line again, every string escaped.
 */
export function safePrettyLine(line: string): string {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return safeJsonLine(line);
  }
  return `${JSON.stringify(escapeStrings(record, undefined))}\n`;
}

function escapeStrings(value: unknown, key: string | undefined): unknown {
  if (typeof value === "string") {
    return key === "stack"
      ? value
          .split("\n")
          .map((line) => terminalSafe(line))
          .join("\n")
      : terminalSafe(value);
  }
  if (Array.isArray(value)) return value.map((item) => escapeStrings(item, undefined));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, escapeStrings(item, name)]));
  }
  return value;
}
