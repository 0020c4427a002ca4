import type { Command } from "commander";

import { createRelayClient } from "../../clients/createRelayClient.js";
import { ECHO_PROTOCOL } from "../../relay/constants.js";
import { echoSession } from "../../relay/echo.js";
import type { ClientFlags } from "../context.js";
import { clientOptionsOf, contextOf, withClientFlags } from "../context.js";
import { printJson, printLine, withProgress } from "../output.js";
import { collect, parseAddress, parsePositive, parseProviderIds } from "../parse.js";
import { readStdinBytes } from "../stdio.js";

const PARSERS = { providerIds: parseProviderIds, collect, positive: parsePositive };

/**
 * Registers `waymark call`: reaches a service behind NAT by its address through a trusted relay
 * and sends one request on the example protocol `/waymark/echo/1.0.0`, printing the answer.
 *
 * @param program - The root command.
 */
export function registerCallCommand(program: Command): void {
  withClientFlags(
    program
      .command("call")
      .description("send a message to a service behind NAT (waymark serve) through a trusted relay")
      .argument("<address>", "the service's address", parseAddress)
      .argument("[message]", "the message (default: stdin)")
      .option("--json", "print the answer as JSON"),
    PARSERS,
  ).action(async (address: string, message: string | undefined, flags: ClientFlags, command: Command) => {
    const context = await contextOf(command);
    const request = message === undefined ? await readStdinBytes() : new TextEncoder().encode(message);
    const client = await createRelayClient(await clientOptionsOf(context, flags));
    try {
      const started = performance.now();
      const { stream, relay } = await withProgress("Reaching the service", context.quiet, () =>
        client.reach({ address, protocol: ECHO_PROTOCOL }),
      );
      const session = echoSession(stream);
      const answer = await session.request(request);
      const ms = Math.round(performance.now() - started);
      await session.close();
      const text = new TextDecoder().decode(answer);
      if (context.json) {
        printJson({ address, answer: text, relay: relay?.peerId, providerId: relay?.providerId, ms });
      } else {
        printLine(text);
        if (!context.quiet) {
          process.stderr.write(
            `via relay ${relay?.peerId ?? "(open connection)"} (provider ${relay?.providerId}) in ${ms} ms\n`,
          );
        }
      }
    } finally {
      await client.stop();
    }
  });
}
