import type { Command } from "commander";
import { Option } from "commander";

import { getProviderNodes, getProviderOperators } from "../../actions/registry/nodes.js";
import { getProvider, listProviders } from "../../kernel/registry/providers.js";
import { STATUS_REASON_DEFAULTS } from "../../actions/registry/statusReasons.js";
import { contextOf, readRegistry } from "../context.js";
import { printJson, printTable, withProgress } from "../output.js";
import { parsePositive, parseProviderId } from "../parse.js";
import { readStatusReasons } from "../statusReasons.js";

/**
 * Registers the provider commands that only read: `show` (a provider, its nodes and operators, and
 * why it is suspended or rejected) and `list` (every provider, with those reasons).
 *
 * @param provider - The `provider` command.
 */
export function registerProviderReadCommands(provider: Command): void {
  provider
    .command("show")
    .description("show a provider, its nodes and its operators")
    .argument("<providerId>", "the provider", parseProviderId)
    .addOption(reasonBlocksOption())
    .option("--json", "print as JSON")
    .action(async (providerId: bigint, options: { reasonBlocks?: number }, command: Command) => {
      const context = await contextOf(command);
      const registry = await readRegistry(context);
      const [info, nodes, operators] = await withProgress(
        `Reading provider ${providerId}`,
        context.quiet,
        () =>
          Promise.all([
            getProvider(registry, providerId),
            getProviderNodes(registry, providerId),
            getProviderOperators(registry, providerId),
          ]),
      );
      const reasons = await readStatusReasons(context, registry, [info], options.reasonBlocks);
      if (context.json) {
        printJson({ ...info, reason: reasons.json(info), nodes, operators });
        return;
      }
      const reason = reasons.json(info);
      printTable(
        ["FIELD", "VALUE"],
        [
          ["id", String(info.id)],
          ["name", info.name],
          ["status", info.status],
          ...(info.status === "Suspended" || info.status === "Rejected"
            ? [
                [
                  "reason",
                  reason === null
                    ? reasons.cell(info)
                    : `${reason.name} (code ${reason.code}), by ${reason.curator} in block ${reason.blockNumber}`,
                ],
              ]
            : []),
          ["default", info.isDefault ? "yes" : "no"],
          ["owner", info.owner],
          ["pending owner", /^0x0+$/.test(info.pendingOwner) ? "-" : info.pendingOwner],
          ["metadata", info.metadataURI === "" ? "-" : info.metadataURI],
          ["created", new Date(info.createdAt * 1000).toISOString()],
          ["operators", operators.length === 0 ? "-" : operators.join(", ")],
          ["nodes", String(info.nodeCount)],
        ],
      );
      if (nodes.length > 0) {
        console.log("");
        printTable(
          ["NODE", "STATUS", "SERVICE", "REGISTERED"],
          nodes.map((n) => [n.node, n.status, n.service, new Date(n.registeredAt * 1000).toISOString()]),
        );
      }
    });

  provider
    .command("list")
    .description("list every provider, with the reason of each suspension and rejection")
    .addOption(reasonBlocksOption())
    .option("--json", "print as JSON")
    .action(async (options: { reasonBlocks?: number }, command: Command) => {
      const context = await contextOf(command);
      const registry = await readRegistry(context);
      const providers = await withProgress("Reading providers", context.quiet, () => listProviders(registry));
      const reasons = await readStatusReasons(context, registry, providers, options.reasonBlocks);
      if (context.json) {
        printJson(providers.map((p) => ({ ...p, reason: reasons.json(p) })));
        return;
      }
      printTable(
        ["ID", "NAME", "STATUS", "REASON", "DEFAULT", "NODES", "OWNER"],
        providers.map((p) => [
          String(p.id),
          p.name,
          p.status,
          reasons.cell(p),
          p.isDefault ? "yes" : "no",
          String(p.nodeCount),
          p.owner,
        ]),
      );
    });
}

/** `--reason-blocks`: how far back the event log is searched for suspension and rejection reasons. */
function reasonBlocksOption(): Option {
  return new Option(
    "--reason-blocks <n>",
    `blocks of event history searched for suspension and rejection reasons (default: ${STATUS_REASON_DEFAULTS.maxBlocks})`,
  ).argParser(parsePositive);
}
