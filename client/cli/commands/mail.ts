import { readFile, writeFile } from "node:fs/promises";

import type { Command } from "commander";

import { EncryptionError } from "../../errors/client.js";
import { generateMailKeyPair, mailKeyFromHex, mailKeyToHex, mailPublicKey } from "../../mail/encryption.js";
import type { MailMessage } from "../../mail/history.js";
import type { ClientFlags } from "../context.js";
import { contextOf, userClient, withClientFlags } from "../context.js";
import { printJson, withProgress } from "../output.js";
import { collect, parsePositive, parseProviderIds, parseTime } from "../parse.js";

const PARSERS = { providerIds: parseProviderIds, collect, positive: parsePositive };

/**
 * Registers the mail commands: `send`, `history`, and `keygen` for end-to-end encryption keys.
 *
 * @param program - The root command.
 */
export function registerMailCommands(program: Command): void {
  withClientFlags(
    program
      .command("send")
      .description("send a message through a verified mail server")
      .argument("<topic>", "routing topic")
      .argument("[message]", "the message text (default: --file, or stdin)")
      .option("--file <path>", "send the bytes of this file")
      .option(
        "--encrypt-to <publicKey>",
        "encrypt end to end to this public key (hex, from `waymark keygen`)",
      )
      .option("--ttl <seconds>", "seconds the servers keep it (default: their retention)", parsePositive)
      .option("--json", "print the result as JSON"),
    PARSERS,
  ).action(
    async (
      topic: string,
      message: string | undefined,
      flags: ClientFlags & { file?: string; encryptTo?: string; ttl?: number },
      command: Command,
    ) => {
      const context = await contextOf(command);
      const payload =
        message !== undefined
          ? new TextEncoder().encode(message)
          : flags.file !== undefined
            ? new Uint8Array(await readFile(flags.file))
            : await readStdin();
      const encryptTo = flags.encryptTo === undefined ? undefined : mailKeyFromHex(flags.encryptTo, 33);
      const client = await userClient(context, flags);
      try {
        const result = await withProgress("Sending", context.quiet, () =>
          client.send(topic, payload, { encryptTo, ttl: flags.ttl }),
        );
        if (context.json) {
          printJson({
            id: result.id,
            duplicate: result.duplicate,
            encrypted: result.encrypted,
            server: result.server.peerId,
            providerId: result.server.providerId,
            custom: result.server.custom,
          });
          return;
        }
        const via = result.server.custom ? "custom server" : `provider ${result.server.providerId}`;
        console.log(
          `Sent ${result.id}${result.encrypted ? " (encrypted)" : ""} via ${result.server.peerId} (${via})${
            result.duplicate ? "; the server already had it" : ""
          }`,
        );
      } finally {
        await client.stop();
      }
    },
  );

  withClientFlags(
    program
      .command("history")
      .description("read messages from a verified mail server, page by page")
      .option("--topic <topic>", "a topic to read; repeatable (default: every topic)", collect)
      .option("--from <time>", "earliest time, ISO 8601 or milliseconds", parseTime)
      .option("--to <time>", "latest time, ISO 8601 or milliseconds", parseTime)
      .option("--page-size <n>", "messages per page (default: 50)", parsePositive)
      .option("--limit <n>", "stop after this many messages", parsePositive)
      .option("--backward", "newest first")
      .option(
        "--key-file <file>",
        "open encrypted payloads with this key file (`waymark keygen --out`); or set WAYMARK_MAIL_KEY",
      )
      .option("--json", "print as JSON"),
    PARSERS,
  ).action(
    async (
      flags: ClientFlags & {
        topic?: string[];
        from?: number;
        to?: number;
        pageSize?: number;
        limit?: number;
        backward?: boolean;
        keyFile?: string;
      },
      command: Command,
    ) => {
      const context = await contextOf(command);
      const key = await decryptionKey(flags.keyFile);
      const client = await userClient(context, flags);
      const messages: MailMessage[] = [];
      try {
        await withProgress(
          "Fetching history",
          context.quiet,
          async () => {
            for await (const page of client.history({
              topics: flags.topic,
              from: flags.from,
              to: flags.to,
              pageSize: flags.pageSize,
              direction: flags.backward === true ? "backward" : "forward",
              decryptWith: key,
            })) {
              messages.push(...page.messages);
              if (flags.limit !== undefined && messages.length >= flags.limit) break;
            }
          },
          () => `${messages.length} messages`,
        );
      } finally {
        await client.stop();
      }
      const shown = flags.limit === undefined ? messages : messages.slice(0, flags.limit);
      if (context.json) {
        printJson(shown.map(toJson));
        return;
      }
      for (const m of shown)
        console.log(`${new Date(m.timestamp).toISOString()}  ${m.topic}  ${m.id.slice(0, 16)}  ${render(m)}`);
    },
  );

  program
    .command("keygen")
    .description("generate a key pair for end-to-end encrypted messages")
    .option("--out <file>", "write the key pair to this file (mode 600) and print only the public key")
    .option("--json", "print as JSON")
    .action(async (options: { out?: string }, command: Command) => {
      const context = await contextOf(command);
      const { privateKey, publicKey } = generateMailKeyPair();
      const pair = { publicKey: mailKeyToHex(publicKey), privateKey: mailKeyToHex(privateKey) };
      if (options.out !== undefined) {
        await writeFile(options.out, `${JSON.stringify(pair, null, 2)}\n`, { mode: 0o600, flag: "wx" });
        if (context.json) printJson({ publicKey: pair.publicKey, file: options.out });
        else console.log(pair.publicKey);
        return;
      }
      if (context.json) printJson(pair);
      else console.log(`public key  ${pair.publicKey}\nsecret key  ${pair.privateKey}`);
    });
}

async function decryptionKey(file: string | undefined): Promise<Uint8Array | undefined> {
  if (file !== undefined) {
    let parsed: { privateKey?: unknown };
    try {
      parsed = JSON.parse(await readFile(file, "utf8")) as { privateKey?: unknown };
    } catch (err) {
      throw new EncryptionError(`Cannot read the key file ${file}`, { cause: err });
    }
    if (typeof parsed.privateKey !== "string") throw new EncryptionError(`${file} holds no privateKey`);
    const key = mailKeyFromHex(parsed.privateKey, 32);
    mailPublicKey(key);
    return key;
  }
  const hex = process.env.WAYMARK_MAIL_KEY;
  return hex === undefined || hex === "" ? undefined : mailKeyFromHex(hex, 32);
}

function render(message: MailMessage): string {
  if (message.plaintext !== undefined) return `[decrypted] ${text(message.plaintext)}`;
  if (message.encrypted) return `[encrypted, ${message.payload.byteLength} bytes]`;
  return text(message.payload);
}

function text(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return `base64:${Buffer.from(bytes).toString("base64")}`;
  }
}

function toJson(message: MailMessage): Record<string, unknown> {
  return {
    id: message.id,
    topic: message.topic,
    timestamp: message.timestamp,
    ttl: message.ttl,
    encrypted: message.encrypted,
    payloadBase64: Buffer.from(message.payload).toString("base64"),
    text:
      message.plaintext !== undefined
        ? text(message.plaintext)
        : message.encrypted
          ? undefined
          : text(message.payload),
  };
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}
