import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

import type { MachineContext } from "./context.js";
import { machineContext } from "./context.js";
import type { BenchMode } from "./mode.js";

/** What every `results/<name>.json` starts with. */
export interface ResultHeader {
  /** The benchmark's name, as in `bench:<name>`. */
  readonly benchmark: string;
  /** Quick or full run. */
  readonly mode: BenchMode;
  /** ISO 8601 time the results were written. */
  readonly date: string;
  /** The machine that produced them. */
  readonly machine: MachineContext;
}

/**
 * Writes a benchmark's figures to `scripts/bench/results/<name>.json`, after a header with the
 * run mode, the date and the machine.
 *
 * @param name - The benchmark's name.
 * @param mode - Quick or full.
 * @param figures - The figures and their settings; plain JSON values (bigints are written as text).
 * @returns The path written.
 */
export async function writeResults(name: string, mode: BenchMode, figures: object): Promise<string> {
  const path = fileURLToPath(new URL(`../results/${name}.json`, import.meta.url));
  const header: ResultHeader = {
    benchmark: name,
    mode,
    date: new Date().toISOString(),
    machine: machineContext(),
  };
  await mkdir(fileURLToPath(new URL("../results/", import.meta.url)), { recursive: true });
  const text = JSON.stringify(
    { ...header, ...figures },
    (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
    2,
  );
  await writeFile(path, `${text}\n`);
  return path;
}

/**
 * The machine line printed under a benchmark's tables.
 *
 * @returns For example `Machine: 2 cores (AMD EPYC …), 23.5 GiB, Linux …, Node.js v22.23.3`.
 */
export function machineLine(): string {
  const machine = machineContext();
  return `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}, Node.js ${machine.node}`;
}
