import { readFile } from "node:fs/promises";

import type { Command } from "commander";

import { parseConsent } from "../../kernel/identity/consent.js";
import { checkBootstrapAddresses } from "../../actions/registry/bootstrapAddresses.js";
import { registerNode, retireNode, setNodeBootstrap } from "../../actions/registry/nodes.js";
import {
  acceptProviderOwnership,
  applyAsProvider,
  retireProvider,
  setProviderOperator,
  transferProviderOwnership,
  updateProviderMetadata,
} from "../../actions/registry/providerAdmin.js";
import type { RegistryTransaction } from "../../actions/registry/transact.js";
import { contextOf, transact, writeRegistry } from "../context.js";
import { counted } from "../output.js";
import { parseAddress, parseNode, parseProviderId } from "../parse.js";
import { registerProviderReadCommands } from "./providerRead.js";
import { readStdinText } from "../stdio.js";

/**
 * Registers the provider commands: apply, show, list, update metadata, appoint operators, register
 * and retire nodes, publish bootstrap addresses, transfer ownership, retire.
 *
 * @param program - The root command.
 */
export function registerProviderCommands(program: Command): void {
  const provider = program.command("provider").description("manage a provider and its nodes");

  provider
    .command("apply")
    .description("apply to become a provider, owned by the signing key; pending until a curator decides")
    .argument("<name>", "display name")
    .option("--metadata-uri <uri>", "where the provider describes itself (website, terms, contact)", "")
    .option("--json", "print the result as JSON")
    .action(async (name: string, options: { metadataUri: string }, command: Command) => {
      const context = await contextOf(command);
      const registry = await writeRegistry(context, "Applying as a provider");
      await transact(
        context,
        `Applying as provider "${name}"`,
        () => applyAsProvider(registry, { name, metadataURI: options.metadataUri }),
        (tx) => `Applied as provider ${tx.providerId} "${name}"; pending until a curator approves`,
        (tx) => ({ providerId: tx.providerId }),
      );
    });

  registerProviderReadCommands(provider);

  provider
    .command("update")
    .description("change a provider's name and metadata URI (owner only)")
    .argument("<providerId>", "the provider", parseProviderId)
    .requiredOption("--name <name>", "display name")
    .option("--metadata-uri <uri>", "where the provider describes itself", "")
    .option("--json", "print the result as JSON")
    .action(async (providerId: bigint, options: { name: string; metadataUri: string }, command: Command) => {
      const context = await contextOf(command);
      const registry = await writeRegistry(context, "Updating a provider");
      await transact(
        context,
        `Updating provider ${providerId}`,
        () =>
          updateProviderMetadata(registry, providerId, {
            name: options.name,
            metadataURI: options.metadataUri,
          }),
        () => `Updated provider ${providerId}: "${options.name}"`,
      );
    });

  provider
    .command("operator")
    .description("appoint an operator who may register and retire nodes (or remove one with --remove)")
    .argument("<providerId>", "the provider", parseProviderId)
    .argument("<account>", "the operator", parseAddress)
    .option("--remove", "remove the operator")
    .option("--json", "print the result as JSON")
    .action(async (providerId: bigint, account: string, options: { remove?: boolean }, command: Command) => {
      const context = await contextOf(command);
      const registry = await writeRegistry(context, "Setting an operator");
      const enabled = options.remove !== true;
      await transact(
        context,
        `${enabled ? "Appointing" : "Removing"} operator ${account}`,
        () => setProviderOperator(registry, providerId, account, enabled),
        () => `${account} is ${enabled ? "now" : "no longer"} an operator of provider ${providerId}`,
      );
    });

  provider
    .command("register-node")
    .description("register a node from the consent its key signed (`waymark-node consent`)")
    .argument("<consent>", "the consent JSON file, or - for stdin")
    .option("--json", "print the result as JSON")
    .action(async (file: string, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      const consent = parseConsent(file === "-" ? await readStdinText() : await readFile(file, "utf8"));
      const registry = await writeRegistry(context, "Registering a node");
      await transact(
        context,
        `Registering node ${consent.node}`,
        () => registerNode(registry, consent),
        () =>
          `Registered node ${consent.node} (peer ${consent.peerId}) under provider ${consent.providerId} for ${consent.service}`,
        () => ({ node: consent.node, peerId: consent.peerId, providerId: consent.providerId }),
      );
    });

  provider
    .command("retire-node")
    .description("retire a node (provider owner, operator, or the node key)")
    .argument("<node>", "node address or peer id", parseNode)
    .option("--json", "print the result as JSON")
    .action(async (node: string, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      const registry = await writeRegistry(context, "Retiring a node");
      await transact(
        context,
        `Retiring node ${node}`,
        () => retireNode(registry, node),
        (tx) =>
          bootstrapRemoved(tx)
            ? `Retired node ${node}; its bootstrap record was removed with it (clients no longer join the DHT through it: publish another node's with set-bootstrap if it was the provider's entry point)`
            : `Retired node ${node}`,
        (tx) => ({ bootstrapRemoved: bootstrapRemoved(tx) }),
      );
    });

  provider
    .command("set-bootstrap")
    .description("publish a node's bootstrap multiaddrs (none to remove them)")
    .argument("<node>", "node address or peer id", parseNode)
    .argument(
      "[multiaddrs...]",
      "at most 4 addresses of at most 256 bytes, each ending in /p2p/<the node's own peer id>",
    )
    .option("--json", "print the result as JSON")
    .action(async (node: string, multiaddrs: string[], _options: unknown, command: Command) => {
      const context = await contextOf(command);
      // Before the chain is asked or a passphrase is: a bad address is a typo to fix first.
      checkBootstrapAddresses(node, multiaddrs);
      const registry = await writeRegistry(context, "Publishing bootstrap addresses");
      await transact(
        context,
        `Publishing ${counted(multiaddrs.length, "bootstrap address", "bootstrap addresses")} of node ${node}`,
        () => setNodeBootstrap(registry, node, multiaddrs),
        () =>
          `Node ${node} now publishes ${counted(multiaddrs.length, "bootstrap address", "bootstrap addresses")}`,
      );
    });

  provider
    .command("transfer")
    .description("start transferring a provider to a new owner, who must accept")
    .argument("<providerId>", "the provider", parseProviderId)
    .argument("<newOwner>", "the proposed owner", parseAddress)
    .option("--json", "print the result as JSON")
    .action(async (providerId: bigint, newOwner: string, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      const registry = await writeRegistry(context, "Transferring a provider");
      await transact(
        context,
        `Transferring provider ${providerId}`,
        () => transferProviderOwnership(registry, providerId, newOwner),
        () => `Provider ${providerId} awaits acceptance by ${newOwner}`,
      );
    });

  provider
    .command("accept")
    .description("accept the ownership of a provider transferred to the signing key")
    .argument("<providerId>", "the provider", parseProviderId)
    .option("--json", "print the result as JSON")
    .action(async (providerId: bigint, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      const registry = await writeRegistry(context, "Accepting a provider");
      await transact(
        context,
        `Accepting provider ${providerId}`,
        () => acceptProviderOwnership(registry, providerId),
        () => `You now own provider ${providerId}`,
      );
    });

  provider
    .command("retire")
    .description("retire a provider for good; its nodes stop verifying (owner only)")
    .argument("<providerId>", "the provider", parseProviderId)
    .option("--json", "print the result as JSON")
    .action(async (providerId: bigint, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      const registry = await writeRegistry(context, "Retiring a provider");
      await transact(
        context,
        `Retiring provider ${providerId}`,
        () => retireProvider(registry, providerId),
        () => `Retired provider ${providerId}`,
      );
    });
}

/** Whether a transaction removed a bootstrap record (the registry emits an empty `NodeBootstrapSet`). */
function bootstrapRemoved(tx: RegistryTransaction): boolean {
  return tx.events.some(
    (event) => event.name === "NodeBootstrapSet" && (event.args[2] as unknown[]).length === 0,
  );
}
