/** One column of a Markdown option table. */
export interface OptionColumn<S> {
  /** The header cell. */
  header: string;
  /**
   * The cell of one option, as Markdown (escape plain text with {@link escapeMarkdown}).
   *
   * @param name - The option's name.
   * @param spec - The option.
   * @returns The cell.
   */
  cell(name: string, spec: S): string;
}

/**
 * A Markdown table with one row per option, in table order.
 *
 * @param table - The options, keyed by name.
 * @param columns - The columns.
 * @returns The table, without a trailing newline.
 */
export function renderOptionTable<S>(
  table: Readonly<Record<string, S>>,
  columns: readonly OptionColumn<S>[],
): string {
  const rows = Object.entries(table).map(
    ([name, spec]) => `| ${columns.map((column) => column.cell(name, spec)).join(" | ")} |`,
  );
  return [
    `| ${columns.map((column) => column.header).join(" | ")} |`,
    `| ${columns.map(() => "---").join(" | ")} |`,
    ...rows,
  ].join("\n");
}

/**
 * Plain text as one Markdown table cell: escapes what Markdown would read as a column separator
 * or (outside code spans) an HTML tag, and joins lines.
 *
 * @param text - The text.
 * @returns The cell.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s*\n\s*/g, " ")
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replaceAll("<", "&lt;").replaceAll(">", "&gt;")))
    .join("")
    .replaceAll("|", "\\|");
}
