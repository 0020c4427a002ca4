import type { Command } from "commander";
import { Option } from "commander";

import {
  addProvider,
  approveProvider,
  reinstateNode,
  reinstateProvider,
  rejectProvider,
  setCurator,
  setDefaultProvider,
  suspendNode,
  suspendProvider,
} from "../../actions/registry/curation.js";
import { contextOf, transact, writeRegistry } from "../context.js";
import { parseAddress, parseNode, parseProviderId, parseReason } from "../parse.js";
import { reasonName } from "../../actions/registry/reasons.js";

/**
 * Registers the curator commands: admit, approve, reject, suspend and reinstate providers, set the
 * default providers, suspend and reinstate nodes, and (for the admin) grant or revoke curators.
 *
 * @param program - The root command.
 */
export function registerCuratorCommands(program: Command): void {
  const curator = program.command("curator").description("curate providers and nodes (curator role)");

  curator
    .command("add-provider")
    .description("admit a provider directly, active at once")
    .argument("<owner>", "account that will manage the provider", parseAddress)
    .argument("<name>", "display name")
    .option("--metadata-uri <uri>", "where the provider describes itself", "")
    .option("--default", "also mark it as a default provider")
    .option("--json", "print the result as JSON")
    .action(
      async (
        owner: string,
        name: string,
        options: { metadataUri: string; default?: boolean },
        command: Command,
      ) => {
        const context = await contextOf(command);
        const registry = await writeRegistry(context, "Adding a provider");
        await transact(
          context,
          `Adding provider "${name}"`,
          async () => {
            const tx = await addProvider(registry, { owner, name, metadataURI: options.metadataUri });
            if (options.default === true) await setDefaultProvider(registry, tx.providerId, true);
            return tx;
          },
          (tx) =>
            `Added provider ${tx.providerId} "${name}" owned by ${owner}${options.default === true ? ", default" : ""}`,
          (tx) => ({ providerId: tx.providerId }),
        );
      },
    );

  curator
    .command("approve")
    .description("approve a pending application")
    .argument("<providerId>", "the provider", parseProviderId)
    .option("--json", "print the result as JSON")
    .action(async (providerId: bigint, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      const registry = await writeRegistry(context, "Approving a provider");
      await transact(
        context,
        `Approving provider ${providerId}`,
        () => approveProvider(registry, providerId),
        () => `Approved provider ${providerId}`,
      );
    });

  curator
    .command("reject")
    .description("reject a pending application")
    .argument("<providerId>", "the provider", parseProviderId)
    .addOption(reasonOption())
    .option("--json", "print the result as JSON")
    .action(async (providerId: bigint, options: { reason: number }, command: Command) => {
      const context = await contextOf(command);
      const registry = await writeRegistry(context, "Rejecting a provider");
      await transact(
        context,
        `Rejecting provider ${providerId}`,
        () => rejectProvider(registry, providerId, options.reason),
        () => `Rejected provider ${providerId} (reason ${reasonName(options.reason)})`,
      );
    });

  curator
    .command("suspend")
    .description("suspend an active provider: its nodes stop verifying at once")
    .argument("<providerId>", "the provider", parseProviderId)
    .addOption(reasonOption())
    .option("--json", "print the result as JSON")
    .action(async (providerId: bigint, options: { reason: number }, command: Command) => {
      const context = await contextOf(command);
      const registry = await writeRegistry(context, "Suspending a provider");
      await transact(
        context,
        `Suspending provider ${providerId}`,
        () => suspendProvider(registry, providerId, options.reason),
        () => `Suspended provider ${providerId} (reason ${reasonName(options.reason)})`,
      );
    });

  curator
    .command("reinstate")
    .description("reinstate a suspended provider")
    .argument("<providerId>", "the provider", parseProviderId)
    .option("--json", "print the result as JSON")
    .action(async (providerId: bigint, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      const registry = await writeRegistry(context, "Reinstating a provider");
      await transact(
        context,
        `Reinstating provider ${providerId}`,
        () => reinstateProvider(registry, providerId),
        () => `Reinstated provider ${providerId}`,
      );
    });

  curator
    .command("set-default")
    .description("mark a provider as trusted by default (or unmark it with --off)")
    .argument("<providerId>", "the provider", parseProviderId)
    .option("--off", "unmark it")
    .option("--json", "print the result as JSON")
    .action(async (providerId: bigint, options: { off?: boolean }, command: Command) => {
      const context = await contextOf(command);
      const registry = await writeRegistry(context, "Setting a default provider");
      const isDefault = options.off !== true;
      await transact(
        context,
        `${isDefault ? "Marking" : "Unmarking"} provider ${providerId} as default`,
        () => setDefaultProvider(registry, providerId, isDefault),
        () => `Provider ${providerId} is ${isDefault ? "now" : "no longer"} a default provider`,
      );
    });

  curator
    .command("suspend-node")
    .description("suspend an active node: it stops verifying at once")
    .argument("<node>", "node address or peer id", parseNode)
    .addOption(reasonOption())
    .option("--json", "print the result as JSON")
    .action(async (node: string, options: { reason: number }, command: Command) => {
      const context = await contextOf(command);
      const registry = await writeRegistry(context, "Suspending a node");
      await transact(
        context,
        `Suspending node ${node}`,
        () => suspendNode(registry, node, options.reason),
        () => `Suspended node ${node} (reason ${reasonName(options.reason)})`,
      );
    });

  curator
    .command("reinstate-node")
    .description("reinstate a suspended node")
    .argument("<node>", "node address or peer id", parseNode)
    .option("--json", "print the result as JSON")
    .action(async (node: string, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      const registry = await writeRegistry(context, "Reinstating a node");
      await transact(
        context,
        `Reinstating node ${node}`,
        () => reinstateNode(registry, node),
        () => `Reinstated node ${node}`,
      );
    });

  for (const [name, enabled] of [
    ["grant", true],
    ["revoke", false],
  ] as const) {
    curator
      .command(name)
      .description(`${enabled ? "grant" : "revoke"} the curator role (registry admin only)`)
      .argument("<account>", "the account", parseAddress)
      .option("--json", "print the result as JSON")
      .action(async (account: string, _options: unknown, command: Command) => {
        const context = await contextOf(command);
        const registry = await writeRegistry(context, "Changing curators");
        await transact(
          context,
          `${enabled ? "Granting" : "Revoking"} the curator role of ${account}`,
          () => setCurator(registry, account, enabled),
          () => `${account} is ${enabled ? "now" : "no longer"} a curator`,
        );
      });
  }
}

/** `--reason`, recorded in the event of a rejection or a suspension. */
function reasonOption(): Option {
  return new Option(
    "--reason <reason>",
    "reason recorded in the event: a name (abuse, unreliable, policy, requested, key-compromise, incomplete) or a code",
  )
    .argParser(parseReason)
    .default(0);
}
