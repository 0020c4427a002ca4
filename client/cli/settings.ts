import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";

import { getAddress, isAddress } from "ethers";

import { ConfigurationError, InvalidAddressError } from "../errors/client.js";
import type { QuorumRegistryOption, TrustPolicy } from "../options/index.js";
import { readDeployedRegistryAddress } from "../actions/registry/deployment.js";

/** The options every command accepts (set on the root command). */
export interface GlobalFlags {
  rpcUrl?: string;
  registry?: string;
  deployment?: string;
  config?: string;
  keystore?: string;
  quiet?: boolean;
}

/**
 * The configuration file (`--config`, `WAYMARK_CONFIG`, or `$XDG_CONFIG_HOME/waymark/config.json`).
 * Paths in it are relative to the file.
 */
export interface ConfigFile {
  rpcUrl?: string;
  registry?: string;
  /** An Ignition deployment folder to read the registry address from. */
  deployment?: string;
  /** An encrypted JSON keystore. */
  keystore?: string;
  service?: string;
  trust?: {
    providers?: "default" | (number | string)[];
    excludeProviders?: (number | string)[];
    excludeNodes?: string[];
    /** A quorum of curators: each registry's RPC URL, address and chain id (see the client option). */
    registries?: {
      rpcUrl: string;
      registry: string;
      chainId: number | string;
      providers?: "default" | (number | string)[];
      label?: string;
    }[];
    /** How many of `registries` must vouch for a node. @default all of them */
    quorum?: number;
  };
  customServers?: string[];
  bootstrap?: string[];
  /** Chain id of the registry, so that the DHT can be searched before the chain answers. */
  chainId?: number | string;
  /** How old the RPC's latest block may be for a verification to count (see the client option). */
  maxBlockAgeMs?: number;
}

/** Settings resolved from flags, then environment, then the configuration file. */
export interface Settings {
  flags: GlobalFlags;
  file: ConfigFile;
  env: NodeJS.ProcessEnv;
}

/**
 * Reads the configuration file, if there is one.
 *
 * @param flags - The global flags.
 * @param env - The environment.
 * @returns Flags, environment and file, to resolve settings from.
 * @throws ConfigurationError when a named file is missing or is not a JSON object.
 */
export async function loadSettings(flags: GlobalFlags, env: NodeJS.ProcessEnv): Promise<Settings> {
  const named = flags.config ?? env.WAYMARK_CONFIG;
  const path = named ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), ".config"), "waymark", "config.json");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if (named === undefined) return { flags, file: {}, env };
    throw new ConfigurationError(`Cannot read the configuration file ${path}`, { cause: err });
  }
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (err) {
    throw new ConfigurationError(`The configuration file ${path} is not JSON`, { cause: err });
  }
  if (typeof file !== "object" || file === null || Array.isArray(file)) {
    throw new ConfigurationError(`The configuration file ${path} must hold a JSON object`);
  }
  return { flags, file: relativeTo(dirname(resolve(path)), file), env };
}

/**
 * The chain's RPC URL: `--rpc-url`, `WAYMARK_RPC_URL`, or `rpcUrl` in the configuration file.
 *
 * @param settings - The settings.
 * @returns The URL.
 * @throws ConfigurationError when none is set.
 */
export function rpcUrlOf(settings: Settings): string {
  const url = settings.flags.rpcUrl ?? settings.env.WAYMARK_RPC_URL ?? settings.file.rpcUrl;
  if (url === undefined || url === "") {
    throw new ConfigurationError(
      "No RPC URL: pass --rpc-url, set WAYMARK_RPC_URL, or set rpcUrl in the config file",
    );
  }
  return url;
}

/**
 * The registry address: `--registry`, `--deployment`, `WAYMARK_REGISTRY`, `WAYMARK_DEPLOYMENT`, or
 * `registry` / `deployment` in the configuration file, in that order.
 *
 * @param settings - The settings.
 * @returns The checksummed address.
 * @throws ConfigurationError when none is set.
 * @throws InvalidAddressError when the value is not an address.
 */
export async function registryOf(settings: Settings): Promise<string> {
  const { flags, env, file } = settings;
  const sources: [string | undefined, "address" | "deployment"][] = [
    [flags.registry, "address"],
    [flags.deployment, "deployment"],
    [env.WAYMARK_REGISTRY, "address"],
    [env.WAYMARK_DEPLOYMENT, "deployment"],
    [file.registry, "address"],
    [file.deployment, "deployment"],
  ];
  const found = sources.find(([value]) => value !== undefined && value !== "");
  if (found === undefined) {
    throw new ConfigurationError(
      "No registry address: pass --registry or --deployment, set WAYMARK_REGISTRY, or set registry in the config file",
    );
  }
  const [value, kind] = found as [string, "address" | "deployment"];
  if (kind === "deployment") return readDeployedRegistryAddress(value);
  if (!isAddress(value)) throw new InvalidAddressError(value);
  return getAddress(value);
}

/**
 * The keystore file: `--keystore`, `WAYMARK_KEYSTORE`, or `keystore` in the configuration file.
 *
 * @param settings - The settings.
 * @returns The path, if any is set.
 */
export function keystoreOf(settings: Settings): string | undefined {
  return settings.flags.keystore ?? settings.env.WAYMARK_KEYSTORE ?? settings.file.keystore;
}

/**
 * The trust policy of the configuration file, if it has one.
 *
 * @param file - The configuration file.
 * @returns The policy.
 */
export function trustOf(file: ConfigFile): TrustPolicy {
  const trust = file.trust ?? {};
  return {
    providers:
      trust.providers === undefined || trust.providers === "default"
        ? "default"
        : trust.providers.map((id) => BigInt(id)),
    excludeProviders: (trust.excludeProviders ?? []).map((id) => BigInt(id)),
    excludeNodes: trust.excludeNodes ?? [],
  };
}

/**
 * The quorum of curators of the configuration file (`trust.registries`, `trust.quorum`), if it
 * names one; the client option checks the rest.
 *
 * @param file - The configuration file.
 * @returns The registries and the quorum, both undefined when the file names none.
 * @throws ConfigurationError when `trust.registries` is not a list or a chain id is not a positive integer.
 */
export function quorumOf(file: ConfigFile): Pick<TrustPolicy, "registries" | "quorum"> {
  const trust = file.trust ?? {};
  if (trust.registries === undefined) return { registries: undefined, quorum: trust.quorum };
  if (!Array.isArray(trust.registries)) {
    throw new ConfigurationError("trust.registries in the config file must be a list of registries");
  }
  const registries = trust.registries.map((entry, index): QuorumRegistryOption => {
    const text = String(entry.chainId);
    if (!/^[1-9]\d*$/.test(text)) {
      throw new ConfigurationError(
        `trust.registries[${index}].chainId in the config file must be a positive integer, not ${JSON.stringify(entry.chainId)}`,
      );
    }
    return {
      rpcUrl: entry.rpcUrl,
      registry: entry.registry,
      chainId: BigInt(text),
      providers:
        entry.providers === undefined || entry.providers === "default"
          ? "default"
          : entry.providers.map((id) => BigInt(id)),
      label: entry.label,
    };
  });
  return { registries, quorum: trust.quorum };
}

/**
 * The registry's chain id from the configuration file, if it names one.
 *
 * @param file - The configuration file.
 * @returns The chain id.
 * @throws ConfigurationError when it is not a positive integer.
 */
export function chainIdOf(file: ConfigFile): bigint | undefined {
  if (file.chainId === undefined) return undefined;
  const text = String(file.chainId);
  if (!/^[1-9]\d*$/.test(text)) {
    throw new ConfigurationError(
      `chainId in the config file must be a positive integer, not ${JSON.stringify(file.chainId)}`,
    );
  }
  return BigInt(text);
}

function relativeTo(base: string, file: ConfigFile): ConfigFile {
  return {
    ...file,
    ...(file.deployment === undefined ? {} : { deployment: resolve(base, file.deployment) }),
    ...(file.keystore === undefined ? {} : { keystore: resolve(base, file.keystore) }),
  };
}
