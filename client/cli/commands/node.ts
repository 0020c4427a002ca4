import type { Command } from "commander";

import { getNode } from "../../registry/nodes.js";
import { contextOf, readRegistry } from "../context.js";
import { printJson, printTable } from "../output.js";
import { parseNode } from "../parse.js";

/**
 * Registers `node show`: a node's registry record, by node address or peer id.
 *
 * @param program - The root command.
 */
export function registerNodeCommands(program: Command): void {
  program
    .command("node")
    .description("read the registry's record of a node")
    .command("show")
    .description("show a node's registry record")
    .argument("<node>", "node address or peer id", parseNode)
    .option("--json", "print as JSON")
    .action(async (node: string, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      const registry = await readRegistry(context);
      const info = await getNode(registry, node);
      if (context.json) {
        printJson({ ...info, node });
        return;
      }
      printTable(
        ["FIELD", "VALUE"],
        [
          ["node", node],
          ["status", info.status],
          ["provider", info.status === "None" ? "-" : String(info.providerId)],
          ["service", info.status === "None" ? "-" : info.service],
          ["nonce", String(info.nonce)],
          ["registered", info.registeredAt === 0 ? "-" : new Date(info.registeredAt * 1000).toISOString()],
        ],
      );
    });
}
