import type { Command } from "commander";

import type { WaymarkClient } from "../../clients/createWaymarkClient.js";
import type { EmptyDiscovery } from "../../errors/client.js";
import { NoCandidatesError } from "../../errors/client.js";
import { getProvider } from "../../kernel/registry/providers.js";
import { explainEmptyDiscovery } from "../../selection/emptyDiscovery.js";
import type { VerifiedCandidate } from "../../verification/types.js";
import type { CommandContext, ClientFlags } from "../context.js";
import { contextOf, userClient, withClientFlags } from "../context.js";
import { counted, printJson, printLine, printTable, withProgress } from "../output.js";
import { collect, parsePositive, parseProviderIds } from "../parse.js";

const PARSERS = { providerIds: parseProviderIds, collect, positive: parsePositive };

/**
 * Registers the user commands that find servers: `discover` (every candidate with its verdict,
 * reason, provider and, for the usable ones, RTT; rejected candidates are never dialled; when it
 * finds none it fails with NoCandidatesError, saying why and what to do) and
 * `pick` (the server the client would use). With a quorum of curators in the configuration file
 * (`trust.registries`, `trust.quorum`), both trust a node only when enough registries vouch, and
 * `discover` shows each registry's verdict.
 *
 * @param program - The root command.
 */
export function registerUserCommands(program: Command): void {
  withClientFlags(
    program
      .command("discover")
      .description(
        "find candidate servers, verify them against the registry, and measure the round trip of the usable ones; exits 1, saying why, when it finds none",
      )
      .option("--json", "print as JSON"),
    PARSERS,
  ).action(async (flags: ClientFlags, command: Command) => {
    const context = await contextOf(command);
    const client = await quorumClient(context, flags);
    try {
      const candidates = await withProgress(
        "Searching the DHT",
        context.quiet,
        () => client.discover(),
        (c) => counted(c.length, "candidate"),
      );
      const verified = await withProgress(
        "Verifying against the registry",
        context.quiet,
        () => client.verify(candidates),
        (v) => `${v.filter((c) => c.trusted).length} usable`,
      );
      // Only candidates the client could use are dialled: a rejected one is never contacted.
      const probes = await withProgress("Measuring round trips", context.quiet, () =>
        client.probe(verified.filter((c) => c.trusted)),
      );
      const byPeer = new Map(probes.map((probe) => [probe.candidate.peerId, probe]));
      const names = await providerNames(client, verified);
      warnIfStale(client, verified);
      const rows = verified
        .map((candidate) => {
          const probe = byPeer.get(candidate.peerId);
          return {
            ...describe(candidate, names),
            probed: probe !== undefined,
            rttMs: probe?.reachable === true ? probe.rttMs : undefined,
            reachable: probe?.reachable,
          };
        })
        .sort((a, b) => rank(a) - rank(b) || (a.rttMs ?? Infinity) - (b.rttMs ?? Infinity));
      if (context.json) printJson(rows);
      // Nothing found is a failure, with why (often: no entry point the registry still vouches for).
      if (rows.length === 0) throw new NoCandidatesError(client.options.service, whyNothing(client));
      if (context.json) return;
      // With a quorum: one column per registry, with its verdict, and how many vouch.
      const labels = client.options.trust.quorum?.registries.map((registry) => registry.label) ?? [];
      const quorum = client.options.trust.quorum?.quorum;
      printTable(
        [
          "CANDIDATE",
          "VERDICT",
          "REASON",
          "PROVIDER",
          ...labels,
          ...(quorum === undefined ? [] : [`VOUCHING (NEED ${quorum})`]),
          "RTT",
          "SOURCE",
        ],
        rows.map((row) => [
          row.peerId,
          row.verdict,
          row.reason,
          row.providerId === undefined ? "-" : `${row.providerId} ${row.providerName ?? ""}`.trim(),
          ...labels.map((_, index) => row.registries?.[index]?.verdict ?? "-"),
          ...(quorum === undefined
            ? []
            : [row.registries === undefined ? "-" : `${row.vouching}/${labels.length}`]),
          !row.probed ? "not probed" : row.reachable === true ? `${row.rttMs} ms` : "unreachable",
          row.sources.join(","),
        ]),
      );
    } finally {
      await client.stop();
    }
  });

  withClientFlags(
    program
      .command("pick")
      .description(
        "select a server the way the client library does: random among the fastest verified and reachable",
      )
      .option("--json", "print as JSON"),
    PARSERS,
  ).action(async (flags: ClientFlags, command: Command) => {
    const context = await contextOf(command);
    const client = await quorumClient(context, flags);
    try {
      const selection = await withProgress("Selecting a server", context.quiet, () => client.select());
      const names = await providerNames(client, [selection.server]);
      warnIfStale(client, [selection.server]);
      const row = { ...describe(selection.server, names), rttMs: selection.rttMs };
      if (context.json) {
        printJson(row);
        return;
      }
      const owner = row.custom
        ? "custom server, not checked against the registry"
        : `provider ${row.providerId} ${row.providerName ?? ""}`.trim();
      printLine(`Selected ${row.peerId} (${owner}), RTT ${row.rttMs} ms`);
      if (row.node !== undefined) printLine(`node ${row.node}`);
      for (const address of row.multiaddrs) printLine(`address ${address}`);
    } finally {
      await client.stop();
    }
  });
}

/** A candidate as the CLI prints it. */
interface CandidateRow {
  peerId: string;
  node: string | undefined;
  verdict: "trusted" | "custom" | "rejected" | "unverified";
  reason: string;
  custom: boolean;
  stale: boolean;
  providerId: bigint | undefined;
  providerName: string | undefined;
  sources: string[];
  multiaddrs: string[];
  /** With a quorum of curators: each registry's verdict, in the configured order. */
  registries:
    { registry: string; verdict: string; vouches: boolean; error: string | undefined }[] | undefined;
  /** With a quorum of curators: how many registries vouch. */
  vouching: number | undefined;
}

/**
 * The user's client, with the quorum of curators of the configuration file when it names one.
 *
 * @param context - Settings of the command.
 * @param flags - Service, trust and discovery flags.
 * @returns The running client.
 */
async function quorumClient(context: CommandContext, flags: ClientFlags): Promise<WaymarkClient> {
  const client = await userClient(context, flags);
  client.addEventListener("quorum:unavailable", (event) => {
    const { registry, error } = event.detail;
    process.stderr.write(
      `warning: registry ${registry} cannot be asked (${error.name}); it vouches for no node\n`,
    );
  });
  return client;
}

function describe(candidate: VerifiedCandidate, names: Map<bigint, string>): CandidateRow {
  const verdict = candidate.custom
    ? "custom"
    : candidate.trusted
      ? "trusted"
      : candidate.verdict === "Unverified"
        ? "unverified"
        : "rejected";
  return {
    peerId: candidate.peerId,
    node: candidate.node,
    verdict,
    reason: candidate.stale ? `${candidate.verdict} (stale)` : candidate.verdict,
    custom: candidate.custom,
    stale: candidate.stale,
    providerId: candidate.providerId,
    providerName: candidate.providerId === undefined ? undefined : names.get(candidate.providerId),
    sources: candidate.sources,
    multiaddrs: candidate.multiaddrs,
    registries: candidate.registries?.verdicts.map((verdict) => ({
      registry: verdict.registry,
      verdict: verdict.stale ? `${verdict.verdict} (stale)` : verdict.verdict,
      vouches: verdict.vouches,
      error: verdict.error?.name,
    })),
    vouching: candidate.registries?.vouching,
  };
}

/** Why a discovery found no candidate at all (it found no registry record, so it had none to count). */
function whyNothing(client: WaymarkClient): EmptyDiscovery {
  const { options } = client;
  return explainEmptyDiscovery({
    service: options.service,
    bootstrapPeers: options.bootstrap.length,
    registryRecords: 0,
    registryBootstrap: options.registryBootstrap,
    registryError: client.registryStatus.error,
    connected: client.host.getConnections().length > 0,
    serviceKeyKnown: client.serviceKey !== undefined,
    discoveryTimeoutMs: options.discoveryTimeoutMs,
  });
}

function rank(row: CandidateRow): number {
  return { custom: 0, trusted: 1, unverified: 2, rejected: 3 }[row.verdict];
}

async function providerNames(
  client: WaymarkClient,
  candidates: readonly VerifiedCandidate[],
): Promise<Map<bigint, string>> {
  const ids = [...new Set(candidates.flatMap((c) => (c.providerId === undefined ? [] : [c.providerId])))];
  const names = new Map<bigint, string>();
  const registry = client.registry;
  // With a quorum, a candidate's provider id is that of the first registry vouching for it.
  if (registry === undefined || client.options.trust.quorum !== undefined) return names;
  await Promise.all(
    ids.map(async (id) => {
      try {
        names.set(id, (await getProvider(registry, id)).name);
      } catch {
        // The name is decoration; a registry outage is reported by the verdicts.
      }
    }),
  );
  return names;
}

function warnIfStale(client: WaymarkClient, candidates: readonly VerifiedCandidate[]): void {
  const stale = candidates.some((c) => c.stale || c.verdict === "Unverified");
  if (!stale && !client.registryStatus.stale) return;
  const last = client.registryStatus.lastAnswerAt;
  process.stderr.write(
    `warning: the registry RPC is unreachable; verification is stale${
      last === undefined ? "" : ` (last answer ${new Date(last).toISOString()})`
    }\n`,
  );
}
