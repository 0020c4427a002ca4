import type { Command } from "commander";

import type { WaymarkClient } from "../clients/createWaymarkClient.js";
import { createWaymarkClient } from "../clients/createWaymarkClient.js";
import type { WaymarkClientContext } from "../clients/createClient.js";
import type { WaymarkClientOptions } from "../options/index.js";
import { WaymarkError } from "../kernel/errors/base.js";
import type { RegistryClient } from "../kernel/registry/connect.js";
import { connectRegistry } from "../kernel/registry/connect.js";
import type { RegistryTransaction } from "../actions/registry/transact.js";
import { printJson, printLine, withProgress } from "./output.js";
import type { GlobalFlags, Settings } from "./settings.js";
import { chainIdOf, loadSettings, quorumOf, registryOf, rpcUrlOf, trustOf } from "./settings.js";
import { loadSigner } from "./signer.js";

/** What every command works with. */
export interface CommandContext {
  settings: Settings;
  quiet: boolean;
  json: boolean;
}

/** The user-command flags that shape the client. */
export interface ClientFlags {
  service?: string;
  trust?: bigint[];
  excludeProvider?: bigint[];
  excludeNode?: string[];
  custom?: string[];
  bootstrap?: string[];
  timeout?: number;
}

/**
 * Reads the global flags and the configuration file for a command.
 *
 * @param command - The running command.
 * @returns The context.
 */
export async function contextOf(command: Command): Promise<CommandContext> {
  const flags = command.optsWithGlobals<GlobalFlags & { json?: boolean }>();
  return {
    settings: await loadSettings(flags, process.env),
    quiet: flags.quiet === true,
    json: flags.json === true,
  };
}

/**
 * A read-only registry connection.
 *
 * @param context - The command context.
 * @returns The connection.
 */
export async function readRegistry(context: CommandContext): Promise<RegistryClient> {
  const rpcUrl = rpcUrlOf(context.settings);
  const address = await registryOf(context.settings);
  return connectRegistry({ rpcUrl, address });
}

/**
 * A registry connection that signs transactions with the configured key.
 *
 * @param context - The command context.
 * @param action - What the key is for, for error messages.
 * @returns The connection.
 */
export async function writeRegistry(context: CommandContext, action: string): Promise<RegistryClient> {
  // Connect first, so that an unreachable chain fails before any passphrase is asked for.
  const read = await readRegistry(context);
  const signer = await loadSigner(context.settings, action, (unlock) =>
    withProgress("Unlocking the keystore", context.quiet, unlock),
  );
  return connectRegistry({
    provider: read.provider,
    rpcUrl: read.rpcUrl,
    address: read.address,
    signer,
    skipCheck: true,
  });
}

/**
 * Sends a transaction with progress, then prints what it did.
 *
 * @param context - The command context.
 * @param label - Progress label, e.g. `Approving provider 3`.
 * @param send - Sends it.
 * @param describe - The line printed on success (escaped: it may quote names).
 * @param extra - More fields for `--json`.
 */
export async function transact<T extends RegistryTransaction>(
  context: CommandContext,
  label: string,
  send: () => Promise<T>,
  describe: (tx: T) => string,
  extra: (tx: T) => Record<string, unknown> = () => ({}),
): Promise<void> {
  const tx = await withProgress(label, context.quiet, send, (t) => `mined in block ${t.blockNumber}`);
  if (context.json) printJson({ ...extra(tx), hash: tx.hash, blockNumber: tx.blockNumber });
  else printLine(`${describe(tx)} (tx ${tx.hash})`);
}

/**
 * The client options the user's flags and config file give: chain, registry, service, trust
 * policy, custom servers, entry points and discovery budget.
 *
 * @param context - Settings of the command.
 * @param flags - Service, trust and discovery flags.
 * @returns The options for a client.
 */
export async function clientOptionsOf(
  context: CommandContext,
  flags: ClientFlags,
): Promise<WaymarkClientOptions> {
  const { file } = context.settings;
  const fromFile = trustOf(file);
  return {
    rpcUrl: rpcUrlOf(context.settings),
    registry: await registryOf(context.settings),
    chainId: chainIdOf(file),
    service: flags.service ?? file.service,
    trust: {
      providers: flags.trust ?? fromFile.providers,
      excludeProviders: flags.excludeProvider ?? fromFile.excludeProviders,
      excludeNodes: flags.excludeNode ?? fromFile.excludeNodes,
      ...quorumOf(file),
    },
    customServers: flags.custom ?? file.customServers,
    bootstrap: [...(file.bootstrap ?? []), ...(flags.bootstrap ?? [])],
    discoveryTimeoutMs: flags.timeout,
    maxBlockAgeMs: file.maxBlockAgeMs,
    watchRegistry: false,
  };
}

/**
 * A client for the user's commands, built from their flags and config file, with a warning on
 * stderr when registry servers are unavailable.
 *
 * @param context - Settings of the command.
 * @param flags - Service, trust and discovery flags.
 * @param create - Makes the client from the options (a mail client by default).
 * @returns The running client; stop it when done.
 */
export async function userClient<C extends WaymarkClientContext = WaymarkClient>(
  context: CommandContext,
  flags: ClientFlags,
  create: (options: WaymarkClientOptions) => Promise<C> = createWaymarkClient as unknown as (
    options: WaymarkClientOptions,
  ) => Promise<C>,
): Promise<C> {
  const client = await withProgress("Connecting to the registry", context.quiet, async () =>
    create(await clientOptionsOf(context, flags)),
  );
  client.addEventListener("registry:unavailable", (event) => {
    const { error } = event.detail;
    process.stderr.write(
      `warning: registry servers are unavailable (${error.name}: ${shortMessageOf(error)}); only custom servers can be used\n`,
    );
  });
  return client;
}

function shortMessageOf(error: Error): string {
  return error instanceof WaymarkError ? error.shortMessage : error.message;
}

/**
 * Adds the client flags to a user command.
 *
 * @param command - The command.
 * @param parsers - Argument parsers.
 * @returns The command.
 */
export function withClientFlags(
  command: Command,
  parsers: {
    providerIds: (value: string) => bigint[];
    collect: (value: string, previous?: string[]) => string[];
    positive: (value: string) => number;
  },
): Command {
  return command
    .option("--service <name>", "service to discover (default: mail/1)")
    .option(
      "--trust <ids>",
      "trust only these providers, comma-separated (default: the registry's default providers)",
      parsers.providerIds,
    )
    .option("--exclude-provider <ids>", "never use these providers, comma-separated", parsers.providerIds)
    .option("--exclude-node <node>", "never use this node (address or peer id); repeatable", parsers.collect)
    .option("--custom <multiaddr>", "a custom server, used without the registry; repeatable", parsers.collect)
    .option("--bootstrap <multiaddr>", "an extra DHT entry point; repeatable", parsers.collect)
    .option("--timeout <ms>", "DHT search budget in milliseconds (default: 5000)", parsers.positive);
}
