import { getAddress, getBytes, toUtf8String } from "ethers";

import { WaymarkError } from "../../../kernel/errors/base.js";
import type { RegistryClient } from "../../../kernel/registry/connect.js";
import type { ProviderInfo } from "../../../kernel/registry/providers.js";
import { PROVIDER_STATUSES } from "../../../kernel/registry/statuses.js";

/** A `getProviders` answer the page cannot read: it does not have the ABI layout the view returns. */
export class ProviderPageDecodeError extends WaymarkError {
  override name = "ProviderPageDecodeError" as const;

  /**
   * @param what - What was out of place.
   */
  constructor(what: string) {
    super(`The registry's getProviders answer is malformed: ${what}`);
  }
}

/** One page of providers as the registry's `getProviders` returns it. */
export interface ProviderPage {
  page: ProviderInfo[];
  total: bigint;
}

/** Words in the head of one `ProviderInfo` tuple (seven values, two string offsets). */
const TUPLE_HEAD_WORDS = 9;

/**
 * Reads one page of providers with one `eth_call`, decoded in a single pass over the answer.
 *
 * ethers' ABI decoder copies the rest of the answer for every dynamic element it reads (a tuple
 * with strings, and each string), so a page of 256 providers costs it hundreds of milliseconds of
 * the page's only thread, growing with the square of the page; this reader follows the offsets in
 * place and costs a few milliseconds.
 *
 * @param registry - The read connection.
 * @param offset - First provider's index.
 * @param limit - Providers asked for.
 * @returns The providers of the page and how many the registry holds.
 * @throws ProviderPageDecodeError when the answer does not have the view's layout.
 */
export async function readProviderPage(
  registry: RegistryClient,
  offset: bigint,
  limit: bigint,
): Promise<ProviderPage> {
  const data = registry.contract.interface.encodeFunctionData("getProviders", [offset, limit]);
  const answer = await registry.provider.call({ to: registry.address, data });
  return decodeProviderPage(answer);
}

/**
 * Decodes the answer of `getProviders(offset, limit)`:
 * `((uint256 id, address owner, address pendingOwner, uint8 status, bool isDefault, uint32
 * nodeCount, uint48 createdAt, string name, string metadataURI)[] page, uint256 total)`.
 *
 * @param answer - The call's return data, hex.
 * @returns The page and the total.
 * @throws ProviderPageDecodeError when an offset or a length points outside the answer.
 */
export function decodeProviderPage(answer: string): ProviderPage {
  const bytes = getBytes(answer);
  const words = new AbiWords(bytes);
  const arrayAt = words.offset(0, 0);
  const total = words.uint(32);
  const count = words.length(arrayAt);
  const elements = arrayAt + 32;
  const page: ProviderInfo[] = [];
  for (let index = 0; index < count; index += 1) {
    const at = words.offset(elements + index * 32, elements);
    words.check(at, TUPLE_HEAD_WORDS * 32);
    page.push({
      id: words.uint(at),
      owner: words.address(at + 32),
      pendingOwner: words.address(at + 64),
      status: PROVIDER_STATUSES[Number(words.uint(at + 96))] ?? "None",
      isDefault: words.uint(at + 128) !== 0n,
      nodeCount: Number(words.uint(at + 160)),
      createdAt: Number(words.uint(at + 192)),
      name: words.string(words.offset(at + 224, at)),
      metadataURI: words.string(words.offset(at + 256, at)),
    });
  }
  return { page, total };
}

/** Reads 32-byte ABI words from an answer, checking every position against its length. */
class AbiWords {
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  check(at: number, size: number): void {
    if (!Number.isSafeInteger(at) || at < 0 || at + size > this.bytes.length) {
      throw new ProviderPageDecodeError(`${size} bytes at ${at} of ${this.bytes.length}`);
    }
  }

  uint(at: number): bigint {
    this.check(at, 32);
    let value = 0n;
    for (let index = at; index < at + 32; index += 8) {
      value = (value << 64n) | this.view.getBigUint64(index);
    }
    return value;
  }

  /** A position: the word at `at`, relative to `base`. */
  offset(at: number, base: number): number {
    const value = this.uint(at);
    if (value > BigInt(this.bytes.length)) throw new ProviderPageDecodeError(`offset ${value} at ${at}`);
    return base + Number(value);
  }

  /** A length word, no larger than what the answer could hold. */
  length(at: number): number {
    const value = this.uint(at);
    if (value > BigInt(this.bytes.length)) throw new ProviderPageDecodeError(`length ${value} at ${at}`);
    return Number(value);
  }

  address(at: number): string {
    this.check(at, 32);
    let hex = "0x";
    for (let index = at + 12; index < at + 32; index += 1) {
      hex += (this.bytes[index] ?? 0).toString(16).padStart(2, "0");
    }
    return getAddress(hex);
  }

  string(at: number): string {
    const size = this.length(at);
    this.check(at + 32, size);
    return toUtf8String(this.bytes.subarray(at + 32, at + 32 + size));
  }
}
