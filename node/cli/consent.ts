import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";

import { Command } from "commander";

import { serializeConsent } from "../../client/kernel/identity/consent.js";
import { formatDuration, parseDuration } from "../config/values.js";
import { CONSENT_VALIDITY_MS, createNodeConsent } from "../consent/createNodeConsent.js";
import { InvalidConfigError } from "../errors/config.js";
import { readNodeKey } from "../keys/nodeKeyStore.js";
import { addConfigOptions, configFromCommand } from "./configOptions.js";

/** Options of `waymark-node consent` beside the node configuration. */
interface ConsentOptions {
  provider: string;
  nonce?: string;
  deadline?: string;
  validFor?: string;
  out?: string;
  force?: boolean;
}

/**
 * `waymark-node consent`: signs with the node key the EIP-712 consent that lets a provider register
 * the node, and prints it (or writes it) as the JSON `parseConsent` reads. Chain id and nonce come
 * from the registry, which must hold the provider, active; or from `--chain-id` and `--nonce` to
 * sign offline. The default deadline counts from the chain's latest block time.
 *
 * @returns The command.
 */
export function consentCommand(): Command {
  const command = new Command("consent")
    .description("Sign the consent that lets a provider register this node (the node key needs no funds)")
    .requiredOption("--provider <id>", "id of the provider that may register the node")
    .option("--nonce <n>", "the node's nonce in the registry (with --chain-id: sign offline)")
    .option("--deadline <unix>", "unix time after which the consent is void")
    .option(
      "--valid-for <duration>",
      `how long the consent is valid when --deadline is absent, from the chain's latest block time (the local clock when signing offline) (default: "${formatDuration(CONSENT_VALIDITY_MS)}")`,
    )
    .option("--out <file>", "write the consent to this file instead of printing it")
    .option("--force", "replace an existing --out file");
  addConfigOptions(command, [
    "dataDir",
    "keyFile",
    "keyPassphraseEnv",
    "rpcUrl",
    "registry",
    "chainId",
    "service",
    "rpcTimeout",
  ]);
  return command.action(async (options: ConsentOptions, self: Command) => {
    const config = await configFromCommand(self);
    const key = await readNodeKey(config.keyFile, {
      passphrase: process.env[config.keyPassphraseEnv],
      passphraseEnv: config.keyPassphraseEnv,
    });
    const chainId = config.chainId;
    const nonce = options.nonce === undefined ? undefined : wholeNumber("--nonce", options.nonce);
    const { consent, deadlineClock } = await createNodeConsent(key.privateKey, {
      providerId: wholeNumber("--provider", options.provider),
      service: config.service,
      registry: config.registry,
      deadline: options.deadline === undefined ? undefined : wholeNumber("--deadline", options.deadline),
      validForMs: options.validFor === undefined ? undefined : validFor(options.validFor),
      chainId,
      nonce,
      rpcUrl: config.rpcUrl,
      rpcTimeout: config.rpcTimeout,
    });
    const text = `${serializeConsent(consent)}\n`;
    if (options.out === undefined) {
      process.stdout.write(text);
    } else {
      const out = resolve(options.out);
      await writeFile(out, text, { flag: options.force === true ? "w" : "wx" }).catch((err: unknown) => {
        if ((err as NodeJS.ErrnoException).code === "EEXIST")
          throw new Error(`${out} exists; pass --force to replace it`);
        throw err;
      });
      const until = new Date(Number(consent.deadline) * 1000).toISOString();
      console.error(
        `consent for node ${consent.node} written to ${out}: give it to provider ${consent.providerId}; valid until ${until}${CLOCKS[deadlineClock]}`,
      );
    }
  });
}

/** How the deadline's clock is named on stderr. */
const CLOCKS = {
  chain: " by the chain's clock",
  local: " by this machine's clock (signed offline)",
  given: "",
} as const;

function wholeNumber(flag: string, value: string): bigint {
  if (!/^\d+$/.test(value.trim()))
    throw new InvalidConfigError(flag, `expected a whole number, got "${value}"`);
  return BigInt(value.trim());
}

function validFor(value: string): number {
  try {
    return parseDuration(value);
  } catch (err) {
    throw new InvalidConfigError("--valid-for", err instanceof Error ? err.message : String(err));
  }
}
