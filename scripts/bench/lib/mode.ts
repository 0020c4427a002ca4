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

/**
 * The comma-separated whole numbers after a flag, as in `--steps 2500,5000`.
 *
 * @param name - The flag, with its dashes.
 * @param argv - Command-line arguments after the script. @default process.argv.slice(2)
 * @returns The numbers, or undefined when the flag is absent.
 * @throws Error when the flag has no value or a value is not a positive whole number.
 */
export function flagNumbers(
  name: string,
  argv: readonly string[] = process.argv.slice(2),
): number[] | undefined {
  const at = argv.indexOf(name);
  if (at === -1) return undefined;
  const numbers = (argv[at + 1] ?? "").split(",").map(Number);
  if (numbers.some((value) => !Number.isInteger(value) || value <= 0)) {
    throw new Error(`${name} takes positive whole numbers separated by commas: ${name} 50,100`);
  }
  return numbers;
}
