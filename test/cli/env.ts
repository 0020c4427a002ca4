import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { HDNodeWallet, Mnemonic } from "ethers";

/** The mnemonic of Hardhat's default accounts (public test keys, funded only on test chains). */
const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/**
 * The private key of one of Hardhat's default accounts.
 *
 * @param index - The account index.
 * @returns The 0x-prefixed private key.
 */
export function hardhatKey(index: number): string {
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(HARDHAT_MNEMONIC), `m/44'/60'/0'/0/${index}`)
    .privateKey;
}

/** A scratch folder (also the CLI's config home, so no user config leaks in). */
export interface Scratch {
  dir: string;
  /** The environment every CLI run gets: no signing key, the scratch config home, no colour. */
  env: Record<string, string | undefined>;
  remove(): Promise<void>;
}

/**
 * Makes a scratch folder for a CLI test.
 *
 * @param settings - RPC URL and registry address to put in the environment, if any.
 * @returns The folder and base environment.
 */
export async function scratch(settings: { rpcUrl?: string; registry?: string } = {}): Promise<Scratch> {
  const dir = await mkdtemp(join(tmpdir(), "waymark-cli-"));
  return {
    dir,
    env: {
      XDG_CONFIG_HOME: dir,
      WAYMARK_CONFIG: undefined,
      WAYMARK_PRIVATE_KEY: undefined,
      WAYMARK_KEYSTORE: undefined,
      WAYMARK_KEYSTORE_PASSWORD: undefined,
      WAYMARK_DEPLOYMENT: undefined,
      WAYMARK_MAIL_KEY: undefined,
      WAYMARK_MAIL_KEY_PASSPHRASE: undefined,
      WAYMARK_RPC_URL: settings.rpcUrl,
      WAYMARK_REGISTRY: settings.registry,
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
