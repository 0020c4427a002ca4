/**
 * `npm run bench`: runs the benchmark suite, each benchmark in its own process, and prints how long
 * each took. `--quick` (the default) keeps the whole suite within a few minutes; `--full` runs the
 * issue's sizes. Names after the flags select benchmarks, e.g.
 * `npm run bench -- --full discovery mail-ingest`.
 *
 * Every benchmark prints its tables and writes `results/<name>.json`; see `README.md`.
 */
import { binScript } from "../kit/paths.js";
import { runAttached } from "../kit/process.js";
import { ensureBuilt } from "./lib/build.js";
import { benchMode } from "./lib/mode.js";
import { machineLine } from "./lib/results.js";
import { markdownTable } from "./lib/table.js";

/** A benchmark of the suite and how to start it. */
interface Benchmark {
  readonly name: string;
  /** Node.js arguments: the script and its arguments (the mode flag is added to tsx entries). */
  readonly args: (flag: string) => string[];
}

const tsx = (entry: string) => (flag: string) => ["--import", "tsx", `scripts/bench/${entry}`, flag];

/** The suite, in the order it runs. */
const BENCHMARKS: readonly Benchmark[] = [
  { name: "gas", args: () => [binScript("hardhat"), "run", "scripts/bench/gas.ts"] },
  { name: "verification", args: tsx("verification.ts") },
  { name: "discovery", args: tsx("discovery.ts") },
  { name: "mail-store", args: tsx("mail-store.ts") },
  { name: "mail-ingest", args: tsx("mail-ingest.ts") },
  { name: "mail-history", args: tsx("mail-history.ts") },
  { name: "mail-sessions", args: tsx("mail-sessions.ts") },
  { name: "replication", args: tsx("replication.ts") },
  { name: "records", args: tsx("records.ts") },
  { name: "audit", args: tsx("audit.ts") },
  { name: "revocation", args: tsx("revocation.ts") },
  { name: "dashboard", args: tsx("dashboard.ts") },
  { name: "relay", args: tsx("relay.ts") },
];

const mode = benchMode();
const names = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const unknown = names.filter((name) => !BENCHMARKS.some((benchmark) => benchmark.name === name));
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark ${unknown.join(", ")}; the suite has ${BENCHMARKS.map((b) => b.name).join(", ")}`,
  );
  process.exit(2);
}
const selected = BENCHMARKS.filter((benchmark) => names.length === 0 || names.includes(benchmark.name));

const started = performance.now();
await ensureBuilt();
const outcomes: string[][] = [];
for (const benchmark of selected) {
  console.log(`\n## ${benchmark.name} (${mode})`);
  const from = performance.now();
  const code = await runAttached({ args: benchmark.args(`--${mode}`) });
  outcomes.push([
    benchmark.name,
    code === 0 ? "ok" : `failed (exit ${code})`,
    ((performance.now() - from) / 1000).toFixed(0),
  ]);
}
const seconds = (performance.now() - started) / 1000;
console.log(`\n## Suite (${mode}): ${seconds.toFixed(0)} s, build included\n`);
console.log(
  markdownTable(
    [{ header: "Benchmark" }, { header: "Outcome" }, { header: "Seconds", align: "right" }],
    outcomes,
  ),
);
console.log(machineLine());
if (outcomes.some(([, outcome]) => outcome !== "ok")) process.exitCode = 1;
