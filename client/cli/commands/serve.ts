import type { Command } from "commander";
import { Wallet } from "ethers";

import { createRelayClient } from "../../clients/createRelayClient.js";
import { ConfigurationError } from "../../errors/client.js";
import { ECHO_PROTOCOL } from "../../relay/constants.js";
import { echoHandler } from "../../relay/echo.js";
import type { RelayListenerEvent } from "../../relay/listener.js";
import type { ClientFlags } from "../context.js";
import { clientOptionsOf, contextOf, withClientFlags } from "../context.js";
import { printLine, withProgress } from "../output.js";
import { collect, parsePositive, parseProviderIds } from "../parse.js";
import { loadSigner } from "../signer.js";

const PARSERS = { providerIds: parseProviderIds, collect, positive: parsePositive };

/**
 * Registers `waymark serve`: answers the example protocol `/waymark/echo/1.0.0` from behind NAT
 * (the process never listens), reachable through trusted `relay/1` nodes under the user's address;
 * runs until interrupted.
 *
 * @param program - The root command.
 */
export function registerServeCommand(program: Command): void {
  withClientFlags(
    program
      .command("serve")
      .description(
        "answer /waymark/echo/1.0.0 behind NAT, reachable through trusted relays under your address (until Ctrl-C)",
      )
      .option("--relays <n>", "relays to hold reservations on (default: 2)", parsePositive)
      .option("--json", "print each event as one JSON line"),
    PARSERS,
  ).action(async (flags: ClientFlags & { relays?: number }, command: Command) => {
    const context = await contextOf(command);
    const signer = await loadSigner(context.settings, "serving behind relays", (unlock) =>
      withProgress("Unlocking the keystore", context.quiet, unlock),
    );
    if (!("privateKey" in signer) || typeof signer.privateKey !== "string") {
      throw new ConfigurationError(
        "serving needs a key whose private key is at hand (a keystore or WAYMARK_PRIVATE_KEY)",
      );
    }
    const identity = new Wallet(signer.privateKey);
    const client = await createRelayClient({ ...(await clientOptionsOf(context, flags)), identity });
    const report = (event: RelayListenerEvent): void => {
      if (context.json) {
        // One JSON line per event: the output is a stream, read line by line.
        printLine(
          JSON.stringify(eventJson(event), (_key, value: unknown) =>
            typeof value === "bigint" ? String(value) : value,
          ),
        );
        return;
      }
      if (event.type === "relay:reserved") {
        printLine(`Reserved on relay ${event.relay.peerId} (provider ${event.relay.providerId})`);
      } else if (event.type === "relay:lost") {
        printLine(`Lost relay ${event.relay}`);
      } else if (event.type === "reach:published") {
        printLine(`Reachable as ${identity.address} through ${event.addresses.length} relays`);
      }
    };
    try {
      await withProgress("Reserving on trusted relays", context.quiet, () =>
        client.serve({
          signer: identity,
          protocol: ECHO_PROTOCOL,
          handler: echoHandler(),
          relays: flags.relays,
          onEvent: report,
        }),
      );
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
    } finally {
      await client.stop();
    }
  });
}

function eventJson(event: RelayListenerEvent): Record<string, unknown> {
  switch (event.type) {
    case "relay:reserved":
      return { event: event.type, relay: event.relay.peerId, providerId: event.relay.providerId };
    case "relay:lost":
      return { event: event.type, relay: event.relay };
    case "relay:refused":
      return { event: event.type, relay: event.relay, error: (event.error as Error).name };
    case "reach:published":
      return { event: event.type, addresses: event.addresses };
  }
}
