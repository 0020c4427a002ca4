#!/usr/bin/env node
import { Command } from "commander";

import { waymarkVersion } from "../status/version.js";
import { consentCommand } from "./consent.js";
import { reportError } from "./fail.js";
import { keygenCommand } from "./keygen.js";
import { configCommand, startCommand } from "./start.js";

const program = new Command("waymark-node")
  .description("Waymark server node: key generation, registration consent, and the node daemon")
  .version(waymarkVersion())
  .addCommand(keygenCommand())
  .addCommand(consentCommand())
  .addCommand(startCommand())
  .addCommand(configCommand());

await program.parseAsync(process.argv).catch(reportError);
