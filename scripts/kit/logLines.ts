/** A JSON log line as the node's logger (pino) writes it. */
export type LogLine = Record<string, unknown> & { level: number; msg: string };

/**
 * Parses one line of output as a JSON log line.
 *
 * @param text - The line.
 * @returns The log line, or undefined when the line is not a JSON object.
 */
export function parseLogLine(text: string): LogLine | undefined {
  if (!text.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as LogLine) : undefined;
  } catch {
    return undefined;
  }
}
