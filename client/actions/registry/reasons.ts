/**
 * Reason codes a curator records when rejecting or suspending a provider or suspending a node.
 * The registry stores only the number (in the event); these names are the convention every
 * Waymark tool shows.
 */
export const REASON_CODES = {
  unspecified: 0,
  abuse: 1,
  unreliable: 2,
  policy: 3,
  requested: 4,
  "key-compromise": 5,
  incomplete: 6,
} as const;

/** A reason name. */
export type ReasonName = keyof typeof REASON_CODES;

/**
 * The code of a reason given by name or number.
 *
 * @param reason - A name from {@link REASON_CODES} or a number from 0 to 65535.
 * @returns The code.
 * @throws RangeError when the name is unknown or the number out of range.
 */
export function reasonCode(reason: string | number): number {
  if (typeof reason === "number" || /^\d+$/.test(reason)) {
    const code = Number(reason);
    if (!Number.isInteger(code) || code < 0 || code > 0xffff)
      throw new RangeError(`reason ${reason} is not 0..65535`);
    return code;
  }
  if (!(reason in REASON_CODES)) {
    throw new RangeError(
      `unknown reason "${reason}"; use one of ${Object.keys(REASON_CODES).join(", ")} or a number`,
    );
  }
  return REASON_CODES[reason as ReasonName];
}

/**
 * The name of a reason code, or the number as text when it has none.
 *
 * @param code - The code from an event.
 * @returns Its name.
 */
export function reasonName(code: number | bigint): string {
  const entry = Object.entries(REASON_CODES).find(([, value]) => BigInt(value) === BigInt(code));
  return entry === undefined ? String(code) : entry[0];
}
