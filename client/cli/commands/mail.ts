import { readFile } from "node:fs/promises";

import type { Command } from "commander";

import { ConfigurationError } from "../../errors/client.js";
import { generateMailKeyPair, mailKeyFromHex, mailKeyToHex } from "../../mail/encryption.js";
import type { MailMessage } from "../../mail/history.js";
import type { MailKeyFile } from "../../mail/keyFile.js";
import {
  encryptMailKeyFile,
  readMailKeyFile,
  unencryptedMailKeyFile,
  writeMailKeyFile,
} from "../../mail/keyFile.js";
import { MailKeyFileExistsError, MailKeyPassphraseError } from "../../mail/keyFileErrors.js";
import type { ClientFlags, CommandContext } from "../context.js";
import { contextOf, userClient, withClientFlags } from "../context.js";
import { counted, printJson, printLine, withProgress } from "../output.js";
import { collect, parseAddress, parsePositive, parseProviderIds, parseTime } from "../parse.js";
import { promptHidden } from "../signer.js";
import { terminalSafe } from "../../kernel/text/terminalText.js";
import { fileExists, readStdinBytes } from "../stdio.js";
import { publishUserMailKey } from "./publishMailKey.js";

const PARSERS = { providerIds: parseProviderIds, collect, positive: parsePositive };
/** The variable the passphrase of a mail key file is read from, before asking on the terminal. */
const PASSPHRASE_ENV = "WAYMARK_MAIL_KEY_PASSPHRASE";

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
      .option(
        "--to <address>",
        "encrypt end to end to the mail key this address published (`waymark keygen --publish`), verified on records servers",
        parseAddress,
      )
      .option("--ttl <seconds>", "seconds the servers keep it (default: their retention)", parsePositive)
      .option("--json", "print the result as JSON"),
    PARSERS,
  ).action(
    async (
      topic: string,
      message: string | undefined,
      flags: ClientFlags & { file?: string; encryptTo?: string; to?: string; ttl?: number },
      command: Command,
    ) => {
      const context = await contextOf(command);
      const payload =
        message !== undefined
          ? new TextEncoder().encode(message)
          : flags.file !== undefined
            ? new Uint8Array(await readFile(flags.file))
            : await readStdinBytes();
      if (flags.encryptTo !== undefined && flags.to !== undefined) {
        throw new ConfigurationError("Give --encrypt-to or --to, not both");
      }
      const encryptTo = flags.encryptTo === undefined ? flags.to : mailKeyFromHex(flags.encryptTo, 33);
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
        printLine(
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
      .option(
        "--topic <topic>",
        "a topic to read; repeatable (without one, only servers that list every topic answer)",
        collect,
      )
      .option("--from <time>", "earliest time, ISO 8601 or milliseconds", parseTime)
      .option("--to <time>", "latest time, ISO 8601 or milliseconds", parseTime)
      .option("--page-size <n>", "messages per page (default: 50)", parsePositive)
      .option("--limit <n>", "stop after this many messages", parsePositive)
      .option("--backward", "newest first")
      .option(
        "--key-file <file>",
        `open encrypted payloads with this key file (\`waymark keygen --out\`; its passphrase from ${PASSPHRASE_ENV} or asked for); or set WAYMARK_MAIL_KEY`,
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
      const key = await decryptionKey(flags.keyFile, context);
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
          () => counted(messages.length, "message"),
        );
      } finally {
        await client.stop();
      }
      const shown = flags.limit === undefined ? messages : messages.slice(0, flags.limit);
      if (context.json) printJson(shown.map(toJson));
      else for (const m of shown) console.log(line(m));
      const note = openingNote(shown, key !== undefined);
      if (note !== undefined) process.stderr.write(`note: ${note}\n`);
    },
  );

  withClientFlags(
    program
      .command("keygen")
      .description("generate a key pair for end-to-end encrypted messages; prints the public key")
      .option(
        "--out <file>",
        `write the key pair to this file (mode 600), the secret key encrypted with a passphrase (from ${PASSPHRASE_ENV}, or asked for)`,
      )
      .option(
        "--unencrypted",
        "with --out: write the secret key in clear (whoever reads the file reads your mail)",
      )
      .option("--show-secret", "also print the secret key")
      .option(
        "--publish",
        "publish the public key as the mail/key record of your address (signed with your key: WAYMARK_PRIVATE_KEY or --keystore), so others send with --to ADDRESS",
      )
      .option("--json", "print as JSON"),
    PARSERS,
  ).action(
    async (
      options: ClientFlags & { out?: string; unencrypted?: boolean; showSecret?: boolean; publish?: boolean },
      command: Command,
    ) => {
      const context = await contextOf(command);
      const { out } = options;
      const showSecret = options.showSecret === true;
      const unencrypted = options.unencrypted === true;
      if (out === undefined && !showSecret) {
        throw new ConfigurationError("keygen needs --out FILE to keep the secret key", {
          details: "or --show-secret to print it",
        });
      }
      if (out === undefined && unencrypted) throw new ConfigurationError("--unencrypted needs --out FILE");
      const { privateKey, publicKey } = generateMailKeyPair();
      if (out !== undefined) {
        // Before asking for a passphrase: a key file is never overwritten.
        if (await fileExists(out)) throw new MailKeyFileExistsError(out);
        let contents: MailKeyFile;
        if (unencrypted) {
          contents = unencryptedMailKeyFile(privateKey);
        } else {
          const passphrase = await newPassphrase(out);
          contents = await withProgress("Encrypting the key", context.quiet, () =>
            encryptMailKeyFile(privateKey, passphrase),
          );
        }
        await writeMailKeyFile(out, contents);
        if (!context.quiet) {
          process.stderr.write(
            `Wrote ${out} (${unencrypted ? "secret key in clear: whoever reads the file reads your mail" : "secret key encrypted with the passphrase"})\n`,
          );
        }
      }
      const pair = {
        publicKey: mailKeyToHex(publicKey),
        privateKey: showSecret ? mailKeyToHex(privateKey) : undefined,
      };
      const published =
        options.publish === true ? await publishUserMailKey(context, publicKey, options) : undefined;
      if (published !== undefined && !context.quiet && !context.json) {
        process.stderr.write(
          `Published as the mail/key record of ${published.address} (sequence ${published.sequence}) via ${published.server}\n`,
        );
      }
      if (context.json)
        printJson({
          ...pair,
          file: out,
          encrypted: out === undefined ? undefined : !unencrypted,
          published,
        });
      else if (pair.privateKey === undefined) console.log(pair.publicKey);
      else console.log(`public key  ${pair.publicKey}\nsecret key  ${pair.privateKey}`);
    },
  );
}

/** A passphrase for a new key file: from the environment, or asked for twice on the terminal. */
async function newPassphrase(file: string): Promise<string> {
  const fromEnv = process.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const noTerminal = (): Error =>
    new MailKeyPassphraseError(file, "missing", {
      details: `set ${PASSPHRASE_ENV} (no terminal to ask), or pass --unencrypted for a file in clear`,
    });
  const passphrase = await promptHidden(`New passphrase for ${file}: `, noTerminal);
  if (passphrase === "") {
    throw new MailKeyPassphraseError(file, "missing", {
      details: "an empty passphrase is none; pass --unencrypted for a file in clear",
    });
  }
  if ((await promptHidden("Repeat the passphrase: ", noTerminal)) !== passphrase) {
    throw new ConfigurationError("The two passphrases differ");
  }
  return passphrase;
}

/** The secret key of `--key-file` (asking for its passphrase when it is encrypted), else of WAYMARK_MAIL_KEY. */
async function decryptionKey(
  file: string | undefined,
  context: CommandContext,
): Promise<Uint8Array | undefined> {
  if (file !== undefined) {
    const keyFile = await readMailKeyFile(file);
    if (!keyFile.encrypted) return (await keyFile.open()).privateKey;
    const fromEnv = process.env[PASSPHRASE_ENV];
    const passphrase =
      fromEnv !== undefined && fromEnv !== ""
        ? fromEnv
        : await promptHidden(
            `Passphrase for ${file}: `,
            () =>
              new MailKeyPassphraseError(file, "missing", {
                details: `set ${PASSPHRASE_ENV}: no terminal to ask for the passphrase`,
              }),
          );
    const pair = await withProgress("Unlocking the mail key", context.quiet, () => keyFile.open(passphrase));
    return pair.privateKey;
  }
  const hex = process.env.WAYMARK_MAIL_KEY;
  return hex === undefined || hex === "" ? undefined : mailKeyFromHex(hex, 32);
}

/** One message as a line: time, topic, short id, content. Topic and content come from the network. */
/**
 * One message as a line of text. Topic and content are the sender's: their control and format
 * characters are shown as escapes (see `terminalSafe`), and a long content is cut.
 */
function line(message: MailMessage): string {
  const time = new Date(message.timestamp).toISOString();
  const text = terminalSafe(content(message) ?? "", { maxLength: MAX_CONTENT_LENGTH });
  return `${time}  ${terminalSafe(message.topic)}  ${message.id.slice(0, 16)}  ${label(message)}${text}`;
}

/** Characters of a message's content printed at most (escaped); `--json` has all of it. */
const MAX_CONTENT_LENGTH = 4_000;

/** How a message was sealed, before its content: `[decrypted] `, `[encrypted, N bytes]`, or nothing. */
function label(message: MailMessage): string {
  if (message.plaintext !== undefined) return message.bound ? "[decrypted] " : "[decrypted, unbound] ";
  if (message.encrypted) return `[encrypted, ${message.payload.byteLength} bytes]`;
  return "";
}

/** What the message says: its text, base64 when it is not UTF-8, undefined when it did not open. */
function content(message: MailMessage): string | undefined {
  if (message.text !== undefined) return message.text;
  const bytes = message.plaintext ?? (message.encrypted ? undefined : message.payload);
  return bytes === undefined ? undefined : `base64:${Buffer.from(bytes).toString("base64")}`;
}

/** A word on encrypted messages that stayed closed, so that a wrong key is not silent. */
function openingNote(messages: readonly MailMessage[], keyGiven: boolean): string | undefined {
  const encrypted = messages.filter((m) => m.encrypted).length;
  const closed = messages.filter((m) => m.encrypted && m.plaintext === undefined).length;
  if (closed === 0) return undefined;
  const count = `${encrypted} encrypted message${encrypted === 1 ? "" : "s"}`;
  if (!keyGiven) return `${count} not opened: give a key with --key-file FILE or WAYMARK_MAIL_KEY`;
  if (closed < encrypted) return `${closed} of ${count} did not open with this key`;
  return `${count}, none opened with this key: sealed to another key, altered, or re-posted under another topic, time or ttl`;
}

function toJson(message: MailMessage): Record<string, unknown> {
  return {
    id: message.id,
    topic: message.topic,
    timestamp: message.timestamp,
    ttl: message.ttl,
    encrypted: message.encrypted,
    opened: message.encrypted ? message.plaintext !== undefined : undefined,
    bound: message.encrypted ? message.bound : undefined,
    payloadBase64: Buffer.from(message.payload).toString("base64"),
    text: content(message),
  };
}
