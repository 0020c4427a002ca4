import { readFile } from "node:fs/promises";

import type { Command } from "commander";
import { InvalidArgumentError } from "commander";

import { createRecordsClient } from "../../clients/createRecordsClient.js";
import type { WaymarkRecordsClient } from "../../clients/createRecordsClient.js";
import type { SignedRecord } from "../../records/protocol/record.js";
import type { VerifiedCandidate } from "../../verification/types.js";
import type { ClientFlags, CommandContext } from "../context.js";
import { contextOf, userClient, withClientFlags } from "../context.js";
import { counted, printJson, printLine, printTable, withProgress } from "../output.js";
import { collect, parseAddress, parsePositive, parseProviderIds } from "../parse.js";
import { readStdinBytes } from "../stdio.js";
import { recordSigner } from "./recordSigner.js";

const PARSERS = { providerIds: parseProviderIds, collect, positive: parsePositive };

/**
 * Registers `waymark record put|get|rm|ls`: signed records on `records/1` servers, keyed by the
 * owner's address and a name. Puts and deletions are signed with the user's key (the same key as
 * registry transactions: `--keystore`, `WAYMARK_PRIVATE_KEY`, …); reads are verified locally.
 *
 * @param program - The root command.
 */
export function registerRecordCommands(program: Command): void {
  const record = program
    .command("record")
    .description("signed records on records/1 servers, keyed by the owner's address and a name");

  withClientFlags(
    record
      .command("put")
      .description("sign a record with your key and store it on a verified records server")
      .argument("<name>", "1 to 64 letters, digits or ._:/- starting with a letter or digit")
      .argument("[value]", "the value as text (default: --file, or stdin)")
      .option("--file <path>", "store the bytes of this file")
      .option("--lifetime <seconds>", "seconds the record lives (default: 30 days)", parsePositive)
      .option("--sequence <n>", "the record's sequence (default: the time in milliseconds)", parseSequence)
      .option("--json", "print the result as JSON"),
    PARSERS,
  ).action(
    async (
      name: string,
      value: string | undefined,
      flags: ClientFlags & { file?: string; lifetime?: number; sequence?: number },
      command: Command,
    ) => {
      const context = await contextOf(command);
      const bytes =
        value !== undefined
          ? new TextEncoder().encode(value)
          : flags.file !== undefined
            ? new Uint8Array(await readFile(flags.file))
            : await readStdinBytes();
      const signer = await recordSigner(context);
      await withRecordsClient(context, flags, async (client) => {
        const result = await withProgress("Storing", context.quiet, () =>
          client.records.put({
            signer,
            name,
            value: bytes,
            lifetimeSeconds: flags.lifetime,
            sequence: flags.sequence,
          }),
        );
        report(context, "Stored", result.record, result.server, result.duplicate);
      });
    },
  );

  withClientFlags(
    record
      .command("get")
      .description("read a record and verify its owner's signature")
      .argument("<owner>", "the owner's address", parseAddress)
      .argument("<name>", "the record's name")
      .option("--one-server", "ask only the selected server (default: two, keeping the newest)")
      .option("--include-deleted", "show a deletion (tombstone) instead of 'no record'")
      .option("--json", "print as JSON"),
    PARSERS,
  ).action(
    async (
      owner: string,
      name: string,
      flags: ClientFlags & { oneServer?: boolean; includeDeleted?: boolean },
      command: Command,
    ) => {
      const context = await contextOf(command);
      await withRecordsClient(context, flags, async (client) => {
        const { record, servers } = await withProgress("Reading", context.quiet, () =>
          client.records.get({
            owner,
            name,
            servers: flags.oneServer === true ? 1 : 2,
            includeDeleted: flags.includeDeleted === true,
          }),
        );
        if (context.json) {
          printJson(
            record === undefined
              ? { owner, name, found: false, servers: servers.map((s) => s.peerId) }
              : { ...recordJson(record), found: true, servers: servers.map((s) => s.peerId) },
          );
        } else if (record === undefined) {
          printLine(`No record ${owner}/${name} (asked ${counted(servers.length, "server")})`);
        } else {
          printLine(
            `${record.owner}/${record.name} sequence ${record.sequence}${record.deleted ? " (deleted)" : ""}, expires ${isoTime(record.expires)}`,
          );
          if (!record.deleted) printLine(valueText(record.value));
        }
      });
    },
  );

  withClientFlags(
    record
      .command("rm")
      .description("delete a record: store your signed tombstone with a higher sequence")
      .argument("<name>", "the record's name")
      .option("--json", "print the result as JSON"),
    PARSERS,
  ).action(async (name: string, flags: ClientFlags, command: Command) => {
    const context = await contextOf(command);
    const signer = await recordSigner(context);
    await withRecordsClient(context, flags, async (client) => {
      const result = await withProgress("Deleting", context.quiet, () =>
        client.records.delete({ signer, name }),
      );
      report(context, "Deleted", result.record, result.server, result.duplicate);
    });
  });

  withClientFlags(
    record
      .command("ls")
      .description("list an owner's names on a verified records server")
      .argument("<owner>", "the owner's address", parseAddress)
      .option("--limit <n>", "stop after this many names", parsePositive)
      .option("--json", "print as JSON"),
    PARSERS,
  ).action(async (owner: string, flags: ClientFlags & { limit?: number }, command: Command) => {
    const context = await contextOf(command);
    await withRecordsClient(context, flags, async (client) => {
      const rows: { name: string; sequence: number; expires: number; valueBytes: number }[] = [];
      await withProgress(
        "Listing",
        context.quiet,
        async () => {
          for await (const page of client.records.list({ owner })) {
            rows.push(...page.entries);
            if (flags.limit !== undefined && rows.length >= flags.limit) break;
          }
        },
        () => counted(rows.length, "name"),
      );
      const shown = flags.limit === undefined ? rows : rows.slice(0, flags.limit);
      if (context.json) {
        printJson(shown.map((row) => ({ ...row, expires: isoTime(row.expires) })));
        return;
      }
      printTable(
        ["NAME", "SEQUENCE", "EXPIRES", "BYTES"],
        shown.map((row) => [row.name, String(row.sequence), isoTime(row.expires), String(row.valueBytes)]),
      );
    });
  });
}

async function withRecordsClient(
  context: CommandContext,
  flags: ClientFlags,
  run: (client: WaymarkRecordsClient) => Promise<void>,
): Promise<void> {
  const client = await userClient(context, { ...flags, service: "records/1" }, createRecordsClient);
  try {
    await run(client);
  } finally {
    await client.stop();
  }
}

function report(
  context: CommandContext,
  verb: string,
  record: SignedRecord,
  server: VerifiedCandidate,
  duplicate: boolean,
): void {
  if (context.json) {
    printJson({ ...recordJson(record), duplicate, server: server.peerId, providerId: server.providerId });
    return;
  }
  const via = server.custom ? "custom server" : `provider ${server.providerId}`;
  printLine(
    `${verb} ${record.owner}/${record.name} sequence ${record.sequence} via ${server.peerId} (${via})${
      duplicate ? "; the server already had it" : ""
    }`,
  );
}

function recordJson(record: SignedRecord): Record<string, unknown> {
  return {
    owner: record.owner,
    name: record.name,
    sequence: record.sequence,
    expires: isoTime(record.expires),
    deleted: record.deleted,
    valueHex: Buffer.from(record.value).toString("hex"),
    valueText: utf8(record.value),
    signature: Buffer.from(record.signature).toString("hex"),
  };
}

/** A value as text when it is UTF-8 (printed escaped), else as hex. */
function valueText(value: Uint8Array): string {
  return utf8(value) ?? `0x${Buffer.from(value).toString("hex")}`;
}

function utf8(value: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(value);
  } catch {
    return undefined;
  }
}

function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

function parseSequence(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(`Not a sequence (0 to 2^53 - 1): "${value}"`);
  }
  return n;
}
