/** How a column's cells line up. */
export type Align = "left" | "right";

/** One column of a {@link markdownTable}. */
export interface Column {
  /** Header text. */
  readonly header: string;
  /** Alignment of the cells. @default "left" */
  readonly align?: Align;
}

/**
 * Renders rows as a Markdown table whose columns are padded to a common width, so that the same
 * text reads well in a terminal and renders as a table in a Markdown file.
 *
 * @param columns - The columns, in order.
 * @param rows - The cells, one array per row, as many cells as columns.
 * @returns The table, one line per row, without a trailing newline.
 * @example
 * ```ts
 * markdownTable([{ header: "op" }, { header: "gas", align: "right" }], [["approve", "30,311"]]);
 * // | op      |    gas |
 * // | :------ | -----: |
 * // | approve | 30,311 |
 * ```
 */
export function markdownTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, i) =>
    Math.max(3, column.header.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: readonly string[]): string =>
    `| ${columns
      .map((column, i) => {
        const cell = cells[i] ?? "";
        const width = widths[i] ?? 0;
        return column.align === "right" ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(" | ")} |`;
  const rule = `| ${columns
    .map((column, i) => {
      const dashes = "-".repeat((widths[i] ?? 3) - 1);
      return column.align === "right" ? `${dashes}:` : `:${dashes}`;
    })
    .join(" | ")} |`;
  return [line(columns.map((column) => column.header)), rule, ...rows.map(line)].join("\n");
}

/**
 * Formats an integer with thousands separators.
 *
 * @param value - The integer.
 * @returns For example `"120,000"`.
 */
export function formatInteger(value: bigint | number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 0 });
}
