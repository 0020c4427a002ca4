#!/usr/bin/env node
import { CommanderError } from "commander";

import { errorHint, errorLine } from "./output.js";
import { buildProgram } from "./program.js";

/** Exit code of a command that failed. */
const EXIT_FAILURE = 1;
/** Exit code of a command line that could not be parsed. */
const EXIT_USAGE = 2;

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Commander has printed its one-line message (or the help) already.
    process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
  } else {
    console.error(`waymark: ${errorLine(err)}`);
    const hint = errorHint(err);
    if (hint !== undefined) console.error(`hint: ${hint}`);
    process.exitCode = EXIT_FAILURE;
  }
}
