import type { Command } from "commander";

import type { AuditReport } from "../../mail/protocol/audit/report.js";
import type { ClientFlags } from "../context.js";
import { contextOf, userClient, withClientFlags } from "../context.js";
import { printJson, printLine, printTable, withProgress } from "../output.js";
import { collect, parsePositive, parseProviderIds, parseTime } from "../parse.js";

const PARSERS = { providerIds: parseProviderIds, collect, positive: parsePositive };

/**
 * Registers `waymark audit`: compares what the trusted mail servers of different providers hold in
 * a time range, hash-only, and prints what each lacks (a table, or the report as JSON).
 *
 * @param program - The root command.
 */
export function registerAuditCommands(program: Command): void {
  withClientFlags(
    program
      .command("audit")
      .description(
        "check that the trusted mail servers of different providers hold the same messages: digests per time slice, ids only where they differ",
      )
      .option(
        "--from <time>",
        "earliest message time, ISO 8601 or milliseconds (default: an hour before --to)",
        parseTime,
      )
      .option(
        "--to <time>",
        "latest message time (default: 61 minutes ago, the newest range no late message can still fill)",
        parseTime,
      )
      .option("--all-servers", "audit every trusted server, not one per provider")
      .option("--buckets <n>", "time slices per digest (default: 64)", parsePositive)
      .option(
        "--show-missing <n>",
        "ids printed per server (default: 10; --json has them all)",
        parsePositive,
      )
      .option("--json", "print the report as JSON"),
    PARSERS,
  ).action(
    async (
      flags: ClientFlags & {
        from?: number;
        to?: number;
        allServers?: boolean;
        buckets?: number;
        showMissing?: number;
      },
      command: Command,
    ) => {
      const context = await contextOf(command);
      const client = await userClient(context, flags);
      let report: AuditReport;
      try {
        report = await withProgress(
          "Auditing",
          context.quiet,
          () =>
            client.audit({
              from: flags.from,
              to: flags.to,
              allServers: flags.allServers === true,
              buckets: flags.buckets,
            }),
          (r) => `${r.servers.length} servers, ${r.requests} requests, ${r.bytes} bytes`,
        );
      } finally {
        await client.stop();
      }
      if (context.json) {
        printJson(report);
        return;
      }
      printTable(
        ["SERVER", "PROVIDER", "HELD", "LACKING", "BELOW FLOOR", "ERROR"],
        report.servers.map((server) => [
          server.server,
          server.providerId ?? "-",
          String(server.held),
          String(server.lacking),
          String(server.belowFloor),
          server.error === undefined ? "-" : server.error.name,
        ]),
      );
      const range = `${new Date(report.range.from).toISOString()} to ${new Date(report.range.to).toISOString()}`;
      printLine(
        report.complete
          ? `Complete: every server holds the same ${report.envelopes} messages dated ${range}`
          : `Incomplete: ${report.envelopes} messages dated ${range}; see LACKING`,
      );
      const shown = flags.showMissing ?? 10;
      for (const server of report.servers) {
        for (const missing of server.missing.slice(0, shown)) {
          printLine(`missing ${server.server} ${missing.id} ${new Date(missing.from).toISOString()}`);
        }
      }
    },
  );
}
