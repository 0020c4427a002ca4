import type { Command } from "commander";

import { getBootstrapRecords } from "../../kernel/registry/bootstrap.js";
import type { RegistryClient } from "../../kernel/registry/connect.js";
import type { NodeInfo } from "../../actions/registry/nodes.js";
import { getNode } from "../../actions/registry/nodes.js";
import { contextOf, readRegistry } from "../context.js";
import { printJson, printTable } from "../output.js";
import { parseNode } from "../parse.js";

/**
 * Registers `node show`: a node's registry record, by node address or peer id, with the bootstrap
 * addresses it publishes.
 *
 * @param program - The root command.
 */
export function registerNodeCommands(program: Command): void {
  program
    .command("node")
    .description("read the registry's record of a node")
    .command("show")
    .description("show a node's registry record and its published bootstrap addresses")
    .argument("<node>", "node address or peer id", parseNode)
    .option("--json", "print as JSON")
    .action(async (node: string, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      const registry = await readRegistry(context);
      const info = await getNode(registry, node);
      const bootstrap = await bootstrapOf(registry, info);
      if (context.json) {
        printJson({ ...info, node, bootstrap });
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
          ...(bootstrap.length === 0
            ? [["bootstrap", "-"]]
            : bootstrap.map((address, i) => [i === 0 ? "bootstrap" : "", address])),
        ],
      );
    });
}

/**
 * The bootstrap addresses a node publishes, as the registry hands them to clients: only while the
 * node is active under an active provider, for a service with a valid name.
 */
async function bootstrapOf(registry: RegistryClient, info: NodeInfo): Promise<string[]> {
  if (info.status !== "Active" || info.service.startsWith("0x")) return [];
  const records = await getBootstrapRecords(registry, { service: info.service });
  return records.find((record) => record.node === info.node)?.multiaddrs ?? [];
}
