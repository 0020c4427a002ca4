import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { Command } from "commander";

import { ROLES } from "./accounts.js";
import type { RelayReport } from "./relayStory.js";
import { playRelayStep } from "./relayStory.js";
import { Reporter } from "./reporter.js";
import type { DemoReport, DemoWorld } from "./story.js";
import { playStory } from "./story.js";

/**
 * `npm start`: the whole system end to end on this machine. `--keep` leaves it running for the
 * `waymark` CLI; `--json` prints only a machine-readable report (used by the end-to-end test).
 */
async function main(): Promise<void> {
  const options = new Command("npm start --")
    .description("Run Waymark end to end: local chain, registry, nodes, a client")
    .option("--keep", "leave the chain and the nodes running until Ctrl-C")
    .option("--json", "print only a JSON report of what happened")
    .parse()
    .opts<{ keep?: boolean; json?: boolean }>();

  const report = new Reporter(options.json === true ? "json" : "pretty");
  const workDir = await mkdtemp(join(tmpdir(), "waymark-demo-"));
  const world: DemoWorld = { nodes: [], clients: [] };
  let stopping: Promise<void> | undefined;
  const stopAll = async (): Promise<void> => {
    stopping ??= stopWorld(world, options.keep === true ? undefined : workDir);
    return stopping;
  };
  const onSignal = (): void => {
    report.text("\nStopping every process the demo started…");
    void stopAll().then(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  report.title(
    "Waymark, end to end",
    "A local chain, the registry, four mail node processes (one rogue), two records servers, three relays, and clients. Every step is real.",
  );
  let outcome: DemoReport & { relay: RelayReport };
  try {
    const story = await playStory(world, report, workDir);
    const relay = await playRelayStep({
      report,
      workDir,
      chain: { rpcUrl: story.rpcUrl, registry: story.registry },
      suspendedProviderId: BigInt(story.revocation.suspendedProviderId),
      nodes: world.nodes,
    });
    outcome = { ...story, relay };
  } catch (err) {
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify({ ok: false, error: String(err) })}\n`);
    } else {
      report.text(`\nThe demo failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    await stopAll();
    process.exitCode = 1;
    return;
  }

  if (options.json === true) {
    process.stdout.write(`${JSON.stringify({ ok: true, ...outcome, timings: report.tasks }, null, 2)}\n`);
  } else {
    printSummary(report, outcome);
  }
  if (options.keep !== true) {
    await stopAll();
    return;
  }
  printKeepInstructions(report, outcome, workDir);
  await new Promise<void>(() => {
    // Runs until Ctrl-C: the signal handler stops everything and exits.
  });
}

function printSummary(report: Reporter, outcome: DemoReport): void {
  report.step("Summary");
  report.detail(`chain      ${outcome.rpcUrl} (chain id 31337)`);
  report.detail(`registry   ${outcome.registry}`);
  report.table(
    ["provider", "name", "owner", "default"],
    outcome.providers.map((p) => [p.id, p.name, p.owner, p.isDefault ? "yes" : "no"]),
  );
  report.table(
    ["node", "provider", "verdict after the suspension (one verifyNodes call)", "status"],
    outcome.nodes.map((n) => [n.name, n.providerId ?? "-", n.verdict, n.statusUrl]),
  );
  report.text(`\nDone in ${(report.elapsedMs() / 1000).toFixed(1)} s.`);
}

function printKeepInstructions(report: Reporter, outcome: DemoReport, workDir: string): void {
  report.text(
    [
      "",
      "Everything keeps running. In another terminal, use the waymark CLI against it:",
      "",
      `  export WAYMARK_RPC_URL=${outcome.rpcUrl}`,
      `  export WAYMARK_REGISTRY=${outcome.registry}`,
      `  export WAYMARK_PRIVATE_KEY=${ROLES.curator.privateKey}   # Hardhat dev account 0: the curator`,
      "  npx waymark discover",
      "  npx waymark provider list",
      "  npx waymark dashboard   # then open http://127.0.0.1:8645/ in a browser",
      "",
      `Node keys, configs and data: ${workDir}`,
      "Press Ctrl-C to stop every process the demo started.",
    ].join("\n"),
  );
}

async function stopWorld(world: DemoWorld, workDir: string | undefined): Promise<void> {
  await Promise.allSettled(world.clients.map(async (client) => client.stop()));
  await Promise.allSettled(world.nodes.map(async (node) => node.process?.stop()));
  await world.chain?.close();
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
}

await main();
