/** The kit's CLI runners under the names the tests have always imported. */
export { BINARIES, ROOT } from "../../scripts/kit/paths.js";
export type { CliOptions } from "../../scripts/kit/cli.js";
export { runCli, spawnCli } from "../../scripts/kit/cli.js";
export type { RunResult as CliResult } from "../../scripts/kit/process.js";
