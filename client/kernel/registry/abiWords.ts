import { RegistryAnswerError } from "../errors/registry.js";
import { checksumAddressOf } from "../identity/checksumAddress.js";

/** Fails on bytes that are not UTF-8, as ethers' own decoder does. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads the 32-byte words of one view's ABI-encoded answer in place, checking every position and
 * length against the answer's size.
 *
 * ethers' ABI decoder copies the rest of the answer for every dynamic element it reads (a tuple
 * with strings, each string, each array), so a page of records or providers costs it time that
 * grows with the square of the page: about 10 ms of a cold client's CPU for 38 bootstrap records
 * (12 KB), hundreds of milliseconds for 256 providers. Following the offsets in place costs a
 * fraction of a millisecond. Every failure is a {@link RegistryAnswerError} naming the view.
 */
export class AbiWords {
  private readonly view: DataView;

  /**
   * @param bytes - The answer.
   * @param viewName - The view that answered, named by errors.
   */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly viewName: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * Checks that `size` bytes from `at` lie within the answer.
   *
   * @param at - A position.
   * @param size - Bytes needed there.
   * @throws RegistryAnswerError when they do not.
   */
  check(at: number, size: number): void {
    if (!Number.isSafeInteger(at) || at < 0 || at + size > this.bytes.length) {
      throw this.malformed(`${size} bytes at ${at} of ${this.bytes.length}`);
    }
  }

  /**
   * @param at - The word's position.
   * @returns The word as an unsigned integer.
   */
  uint(at: number): bigint {
    this.check(at, 32);
    let value = 0n;
    for (let index = at; index < at + 32; index += 8) {
      value = (value << 64n) | this.view.getBigUint64(index);
    }
    return value;
  }

  /**
   * A word that holds a small number (a count, an enum, a timestamp): read without a bigint.
   *
   * @param at - The word's position.
   * @returns Its value.
   * @throws RegistryAnswerError when it is larger than the answer's size could make sense of.
   */
  small(at: number): number {
    this.check(at, 32);
    for (let index = at; index < at + 24; index += 4) {
      if (this.view.getUint32(index) !== 0) throw this.malformed(`a large value at ${at}`);
    }
    return this.view.getUint32(at + 24) * 2 ** 32 + this.view.getUint32(at + 28);
  }

  /**
   * A position: the word at `at`, relative to `base`.
   *
   * @param at - The offset word's position.
   * @param base - What the offset counts from (the start of the enclosing tuple or array).
   * @returns The position it points to.
   */
  offset(at: number, base: number): number {
    const value = this.small(at);
    if (value > this.bytes.length) throw this.malformed(`offset ${value} at ${at}`);
    return base + value;
  }

  /**
   * A length word, no larger than what the answer could hold.
   *
   * @param at - The length word's position.
   * @returns The length.
   */
  length(at: number): number {
    const value = this.small(at);
    if (value > this.bytes.length) throw this.malformed(`length ${value} at ${at}`);
    return value;
  }

  /**
   * @param at - The word's position.
   * @returns The address in its last 20 bytes, checksummed.
   */
  address(at: number): string {
    this.check(at, 32);
    return checksumAddressOf(this.bytes.subarray(at + 12, at + 32));
  }

  /**
   * @param at - The word's position.
   * @returns The word as a boolean (any non-zero word is true, as ethers reads it).
   */
  bool(at: number): boolean {
    return this.uint(at) !== 0n;
  }

  /**
   * @param at - The position of the string's length word.
   * @returns The string.
   * @throws RegistryAnswerError when it runs past the answer or is not UTF-8.
   */
  string(at: number): string {
    const size = this.length(at);
    this.check(at + 32, size);
    try {
      return UTF8.decode(this.bytes.subarray(at + 32, at + 32 + size));
    } catch {
      throw this.malformed(`the string at ${at} is not UTF-8`);
    }
  }

  /**
   * The elements of a dynamic array of dynamic values (strings, tuples holding strings or arrays):
   * a length word, then one offset per element, relative to the word after the length.
   *
   * @param at - The position of the array's length word.
   * @param read - Reads one element from its position.
   * @returns The elements, in order.
   */
  dynamicArray<T>(at: number, read: (position: number) => T): T[] {
    const count = this.length(at);
    const elements = at + 32;
    this.check(elements, count * 32);
    const values: T[] = [];
    for (let index = 0; index < count; index += 1)
      values.push(read(this.offset(elements + index * 32, elements)));
    return values;
  }

  private malformed(what: string): RegistryAnswerError {
    return new RegistryAnswerError(this.viewName, what);
  }
}
