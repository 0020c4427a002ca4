import { isAbsolute, resolve } from "node:path";

import { multiaddr } from "@multiformats/multiaddr";
import { getAddress } from "ethers";

/** Why a value was rejected; the resolver turns it into an `InvalidConfigError` naming the option. */
export class ValueError extends Error {
  override name = "ValueError" as const;
}

const DURATION = /^(\d+)\s*(ms|s|m|h|d)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration in milliseconds from a number of milliseconds or text such as `250ms`, `30s`, `5m`,
 * `1h`, `7d` (no unit means milliseconds).
 *
 * @param value - The raw value.
 * @returns Milliseconds.
 * @throws ValueError when the value is not a non-negative whole duration.
 */
export function parseDuration(value: unknown): number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === "string") {
    const match = DURATION.exec(value.trim());
    if (match !== null) return Number(match[1]) * (UNIT_MS[match[2] ?? "ms"] ?? 1);
  }
  throw new ValueError(`expected a duration such as 500ms, 30s, 5m or 1h, got ${show(value)}`);
}

/**
 * A duration as the shortest exact text: `1h`, `90s`, `250ms`.
 *
 * @param ms - Milliseconds.
 * @returns The text.
 */
export function formatDuration(ms: number): string {
  for (const unit of ["d", "h", "m", "s"] as const) {
    const size = UNIT_MS[unit] ?? 1;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/**
 * A whole number from a number or decimal text.
 *
 * @param value - The raw value.
 * @param min - Smallest allowed value.
 * @param max - Largest allowed value.
 * @returns The number.
 * @throws ValueError when the value is not an integer from `min` to `max`.
 */
export function parseInteger(value: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const n = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n === "number" && Number.isSafeInteger(n) && n >= min && n <= max) return n;
  const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`;
  throw new ValueError(`expected a whole number ${range}, got ${show(value)}`);
}

/**
 * A chain id from a number, a bigint or decimal text.
 *
 * @param value - The raw value.
 * @returns The chain id.
 * @throws ValueError when the value is not a positive integer.
 */
export function parseChainId(value: unknown): bigint {
  if (typeof value === "bigint" && value > 0n) return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return BigInt(value);
  if (typeof value === "string" && /^\d+$/.test(value.trim()) && BigInt(value) > 0n) return BigInt(value);
  throw new ValueError(`expected a positive integer chain id, got ${show(value)}`);
}

/**
 * Registries a node also announces itself under: `<chainId>:<address>` items, as an array or text
 * separated by commas (`{ chainId, registry }` objects in the configuration file too).
 *
 * @param value - The raw value.
 * @returns Each registry's chain id and checksummed address.
 * @throws ValueError naming the first item that is not one.
 */
export function parseExtraRegistries(value: unknown): { chainId: bigint; registry: string }[] {
  const items: unknown[] =
    typeof value === "string" ? parseList(value) : Array.isArray(value) ? value : [value];
  return items.map((item) => {
    if (typeof item === "object" && item !== null && "chainId" in item && "registry" in item) {
      return { chainId: parseChainId(item.chainId), registry: parseAddress(item.registry) };
    }
    const match = typeof item === "string" ? /^\s*(\d+):(0x[0-9a-fA-F]{40})\s*$/.exec(item) : null;
    if (match === null) {
      throw new ValueError(
        `expected <chainId>:<registry address> or { chainId, registry }, got ${show(item)}`,
      );
    }
    return { chainId: parseChainId(match[1]), registry: parseAddress(match[2]) };
  });
}

/**
 * A boolean from `true`/`false` or text such as `yes`, `no`, `1`, `0`.
 *
 * @param value - The raw value.
 * @returns The boolean.
 * @throws ValueError for anything else.
 */
export function parseBoolean(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const text = value.trim().toLowerCase();
    if (["true", "yes", "on", "1"].includes(text)) return true;
    if (["false", "no", "off", "0"].includes(text)) return false;
  }
  throw new ValueError(`expected true or false, got ${show(value)}`);
}

/**
 * Non-empty text.
 *
 * @param value - The raw value.
 * @returns The text, trimmed.
 * @throws ValueError when the value is not a non-empty string.
 */
export function parseText(value: unknown): string {
  if (typeof value === "string" && value.trim().length > 0) return value.trim();
  throw new ValueError(`expected non-empty text, got ${show(value)}`);
}

/**
 * One of a fixed set of words.
 *
 * @param value - The raw value.
 * @param choices - The allowed words.
 * @returns The word.
 * @throws ValueError when the value is not one of `choices`.
 */
export function parseChoice<T extends string>(value: unknown, choices: readonly T[]): T {
  if (typeof value === "string" && (choices as readonly string[]).includes(value.trim())) {
    return value.trim() as T;
  }
  throw new ValueError(`expected one of ${choices.join(", ")}, got ${show(value)}`);
}

/**
 * A list from an array or comma-separated text (empty text is an empty list).
 *
 * @param value - The raw value.
 * @returns The trimmed, non-empty items.
 * @throws ValueError when the value is neither an array of strings nor text.
 */
export function parseList(value: unknown): string[] {
  const items = typeof value === "string" ? value.split(",") : value;
  if (Array.isArray(items) && items.every((item) => typeof item === "string")) {
    return items.map((item) => item.trim()).filter((item) => item.length > 0);
  }
  throw new ValueError(`expected a list (an array, or text separated by commas), got ${show(value)}`);
}

/**
 * A list of provider ids.
 *
 * @param value - The raw value: an array of ids, or text separated by commas.
 * @returns The ids.
 * @throws ValueError naming the first item that is not a provider id.
 */
export function parseProviderIds(value: unknown): bigint[] {
  const items: unknown = Array.isArray(value)
    ? value.map((item: unknown) => (typeof item === "number" ? String(item) : item))
    : value;
  return parseList(items).map((text) => {
    if (!/^[1-9]\d{0,19}$/.test(text)) throw new ValueError(`"${text}" is not a provider id`);
    return BigInt(text);
  });
}

/**
 * A list of libp2p multiaddrs.
 *
 * @param value - The raw value.
 * @param options - `peerId: true` to require each address to end in `/p2p/<peer id>`.
 * @returns The addresses, as text.
 * @throws ValueError naming the first malformed address.
 */
export function parseMultiaddrs(value: unknown, options: { peerId?: boolean } = {}): string[] {
  return parseList(value).map((text) => {
    let peerId: string | undefined;
    try {
      peerId = multiaddr(text)
        .getComponents()
        .findLast((c) => c.name === "p2p")?.value;
    } catch (err) {
      throw new ValueError(
        `"${text}" is not a multiaddr: ${err instanceof Error ? err.message : "malformed"}`,
      );
    }
    if (options.peerId === true && peerId === undefined) {
      throw new ValueError(`"${text}" does not end in /p2p/<peer id>`);
    }
    return text;
  });
}

/**
 * An Ethereum address, checksummed.
 *
 * @param value - The raw value.
 * @returns The checksummed address.
 * @throws ValueError when the value is not an address.
 */
export function parseAddress(value: unknown): string {
  try {
    return getAddress(parseText(value));
  } catch {
    throw new ValueError(`expected a 0x-prefixed 20-byte address, got ${show(value)}`);
  }
}

/**
 * A JSON-RPC URL: http(s), or ws(s) to follow the registry's events by subscription (calls then go
 * over HTTP to the same address).
 *
 * @param value - The raw value.
 * @returns The URL text.
 * @throws ValueError when the value is not an http, https, ws or wss URL.
 */
export function parseRpcUrl(value: unknown): string {
  const text = parseText(value);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValueError(`expected an http(s) or ws(s) URL, got ${show(value)}`);
  }
  if (!["http:", "https:", "ws:", "wss:"].includes(url.protocol)) {
    throw new ValueError(`expected an http(s) or ws(s) URL, got ${show(value)}`);
  }
  return text;
}

/**
 * `host:port` (IPv6 hosts in brackets) or `off`.
 *
 * @param value - The raw value.
 * @returns The normalised text.
 * @throws ValueError when the value is neither.
 */
export function parseListenAddress(value: unknown): string {
  const text = parseText(value);
  if (text === "off") return text;
  const parsed = splitHostPort(text);
  if (parsed === undefined)
    throw new ValueError(`expected host:port (port 0 for any) or off, got ${show(value)}`);
  return text;
}

/**
 * Splits `host:port` (`[::1]:9464` for IPv6).
 *
 * @param text - The address.
 * @returns Host and port, or undefined when malformed.
 */
export function splitHostPort(text: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  if (match === null) return undefined;
  const port = Number(match[3]);
  if (port > 65_535) return undefined;
  return { host: match[1] ?? match[2] ?? "", port };
}

/**
 * A filesystem path, made absolute against `baseDir`.
 *
 * @param value - The raw value.
 * @param baseDir - What a relative path is relative to.
 * @returns The absolute path.
 * @throws ValueError when the value is not a non-empty string.
 */
export function parsePath(value: unknown, baseDir: string): string {
  const text = parseText(value);
  return isAbsolute(text) ? text : resolve(baseDir, text);
}

/**
 * An object whose values are objects (the services' own sections).
 *
 * @param value - The raw value.
 * @returns The sections.
 * @throws ValueError when the value is not an object of objects.
 */
export function parseSections(value: unknown): Record<string, Record<string, unknown>> {
  if (isRecord(value) && Object.values(value).every(isRecord)) {
    return value as Record<string, Record<string, unknown>>;
  }
  throw new ValueError(`expected an object with one object per service name, got ${show(value)}`);
}

/**
 * Whether a value is a plain object.
 *
 * @param value - Anything.
 * @returns True for non-null, non-array objects.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return value.toString();
  try {
    // JSON.stringify gives undefined for undefined and functions, whatever its type says.
    const text = JSON.stringify(value) as string | undefined;
    return text ?? String(value);
  } catch {
    return String(value);
  }
}
