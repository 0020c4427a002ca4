import { styleText } from "node:util";

/** How the demo talks: `pretty` for a person, `json` for a program (one report at the end). */
export type ReportMode = "pretty" | "json";

type Style = Parameters<typeof styleText>[0];

/** One timed action within a step. */
export interface TaskRecord {
  step: number;
  label: string;
  ms: number;
}

/**
 * Prints the story as numbered steps of timed tasks, and keeps the timings for the JSON report.
 */
export class Reporter {
  readonly tasks: TaskRecord[] = [];
  private readonly mode: ReportMode;
  private readonly color: boolean;
  private stepNumber = 0;
  private readonly startedAt = performance.now();

  /**
   * @param mode - `pretty` prints as it goes; `json` prints nothing on stdout until the report, and
   * names each task on stderr as it starts, so that a run that never ends shows where it stopped.
   */
  constructor(mode: ReportMode) {
    this.mode = mode;
    this.color = process.stdout.isTTY && process.env.NO_COLOR === undefined;
  }

  /** Prints the title. */
  title(text: string, subtitle: string): void {
    this.print(`\n${this.style(["bold"], text)}\n${this.style(["dim"], subtitle)}\n`);
  }

  /** Starts a numbered step. */
  step(title: string): void {
    this.stepNumber += 1;
    this.print(`\n${this.style(["bold", "cyan"], `${String(this.stepNumber).padStart(2)}  ${title}`)}`);
  }

  /**
   * Runs one action, then prints it with its duration.
   *
   * @param label - What it does, or a function of its result (to name what it produced).
   * @param action - The action.
   * @returns The action's result.
   */
  async task<T>(label: string | ((result: T) => string), action: () => Promise<T>): Promise<T> {
    const started = performance.now();
    if (this.mode === "json") {
      process.stderr.write(
        `step ${this.stepNumber}: ${typeof label === "string" ? label : "(named by its result)"}…\n`,
      );
    }
    try {
      const result = await action();
      const ms = performance.now() - started;
      const text = typeof label === "string" ? label : label(result);
      this.tasks.push({ step: this.stepNumber, label: text, ms: Math.round(ms) });
      this.line(this.style(["green"], "✓"), text, ms);
      return result;
    } catch (err) {
      const text = typeof label === "string" ? label : "(failed)";
      this.line(this.style(["red"], "✗"), text, performance.now() - started);
      throw err;
    }
  }

  /** Prints indented detail lines under the current task. */
  detail(...lines: string[]): void {
    for (const line of lines) this.print(`       ${this.style(["dim"], line)}`);
  }

  /** Prints a small table under the current task. */
  table(header: readonly string[], rows: readonly (readonly string[])[]): void {
    const widths = header.map((cell, i) =>
      Math.max(cell.length, ...rows.map((row) => (row[i] ?? "").length)),
    );
    const format = (row: readonly string[]): string =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd();
    this.print(`       ${this.style(["bold"], format(header))}`);
    for (const row of rows) this.print(`       ${format(row)}`);
  }

  /** Prints free text (not indented). */
  text(text: string): void {
    this.print(text);
  }

  /** Milliseconds since the demo started. */
  elapsedMs(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  private line(mark: string, text: string, ms: number): void {
    const seconds = `${(ms / 1000).toFixed(1)} s`;
    const width = Math.max(2, 76 - text.length);
    this.print(`    ${mark} ${text} ${this.style(["dim"], seconds.padStart(width, "·").replace(/^·/, " "))}`);
  }

  private style(format: Style, text: string): string {
    return this.color ? styleText(format, text) : text;
  }

  private print(text: string): void {
    if (this.mode === "pretty") process.stdout.write(`${text}\n`);
  }
}
