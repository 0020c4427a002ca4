import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
