import type { Command } from "commander";
import { InvalidArgumentError } from "commander";

import { DASHBOARD_DEFAULTS } from "../../dashboard/server/options.js";
import { startDashboardServer } from "../../dashboard/server/server.js";
import { createWaymarkClient } from "../../clients/createWaymarkClient.js";
import { networkReport } from "../../dashboard/server/network.js";
import { clientOptionsOf, contextOf, readRegistry } from "../context.js";
import { collect } from "../parse.js";
import { printJson, printLine } from "../output.js";
import { rpcUrlOf } from "../settings.js";

/**
 * Registers `waymark dashboard`: serves the web dashboard (registry explorer, network view,
 * curator console) on 127.0.0.1 until interrupted.
 *
 * @param program - The root command.
 */
export function registerDashboardCommand(program: Command): void {
  program
    .command("dashboard")
    .description("serve the web dashboard: providers, nodes, events, network, curator console")
    .option("--port <port>", "port to listen on (0 picks a free one)", parsePort, DASHBOARD_DEFAULTS.port)
    .option(
      "--host <address>",
      "address to listen on; anything but loopback opens the dashboard to the network",
      DASHBOARD_DEFAULTS.host,
    )
    .option(
      "--node-status <url>",
      "a node's status server (http://host:port) whose /status the network view shows (repeatable)",
      collect,
      [],
    )
    .option("--no-network", "no network view: the dashboard joins no DHT and pings no node")
    .option("--json", "print the address as JSON")
    .action(
      async (
        options: { port: number; host: string; nodeStatus: string[]; network: boolean },
        command: Command,
      ) => {
        const context = await contextOf(command);
        const registry = await readRegistry(context);
        const client = options.network
          ? await createWaymarkClient(await clientOptionsOf(context, {}))
          : undefined;
        const statusUrls = options.nodeStatus.map((url) => new URL(url).origin);
        const server = await startDashboardServer({
          rpcUrl: rpcUrlOf(context.settings),
          registry: registry.address,
          chainId: registry.chainId,
          host: options.host,
          port: options.port,
          network: client === undefined ? undefined : () => networkReport({ client, statusUrls }),
        });
        if (context.json)
          printJson({ url: server.url, registry: registry.address, chainId: registry.chainId });
        else
          printLine(`Dashboard of registry ${registry.address} on chain ${registry.chainId}: ${server.url}`);
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            resolve();
          };
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        });
        await server.stop();
        await client?.stop();
      },
    );
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new InvalidArgumentError("a port is 0 to 65535");
  return port;
}
