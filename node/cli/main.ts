#!/usr/bin/env node
import { Command } from "commander";

import { waymarkVersion } from "../status/version.js";
import { consentCommand } from "./consent.js";
import { reportError } from "./fail.js";
import { keygenCommand } from "./keygen.js";
import { configCommand, startCommand } from "./start.js";

/** The start of the warning Node emits once when a program first loads `node:sqlite`. */
const SQLITE_EXPERIMENTAL_WARNING = "SQLite is an experimental feature";

/**
 * Keeps Node from printing its `ExperimentalWarning` about `node:sqlite`, which the mail store
 * uses by design, and only that one: every other warning still reaches Node's own printer (or
 * whatever listens), as before. Runs before the mail module is loaded (`start` loads it lazily).
 */
function quietSqliteExperimentalWarning(): void {
  const listeners = process.listeners("warning");
  for (const listener of listeners) process.off("warning", listener);
  process.on("warning", (warning) => {
    const fromSqlite =
      warning.name === "ExperimentalWarning" && warning.message.startsWith(SQLITE_EXPERIMENTAL_WARNING);
    if (!fromSqlite) for (const listener of listeners) listener(warning);
  });
}

quietSqliteExperimentalWarning();

const program = new Command("waymark-node")
  .description("Waymark server node: key generation, registration consent, and the node daemon")
  .version(waymarkVersion())
  .addCommand(keygenCommand())
  .addCommand(consentCommand())
  .addCommand(startCommand())
  .addCommand(configCommand());

await program.parseAsync(process.argv).catch(reportError);
