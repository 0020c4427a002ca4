/** How thorough a benchmark run is: `quick` for `npm run bench`, `full` for the sizes. */
export type BenchMode = "quick" | "full";

/**
 * Reads the run mode from the command line: `--full` selects the full run, anything else (or
 * `--quick`) the quick one.
 *
 * @param argv - Command-line arguments after the script. @default process.argv.slice(2)
 * @returns The mode.
 */
export function benchMode(argv: readonly string[] = process.argv.slice(2)): BenchMode {
  return argv.includes("--full") ? "full" : "quick";
}

/**
 * Whether a flag such as `--profile` was given.
 *
 * @param name - The flag, with its dashes.
 * @param argv - Command-line arguments after the script. @default process.argv.slice(2)
 * @returns True when present.
 */
export function hasFlag(name: string, argv: readonly string[] = process.argv.slice(2)): boolean {
  return argv.includes(name);
}
