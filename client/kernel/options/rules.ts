import { OptionValueError } from "./errors.js";

/** How an option's value is checked, typed and described. */
export interface Rule<T> {
  /** The TypeScript type of a valid value, as the generated `*Init` interfaces write it. */
  readonly type: string;
  /** What a valid value is, for the documentation: "integer, 1 to 65535". */
  readonly text: string;
  /**
   * Checks a value.
   *
   * @param value - The value given (or the default).
   * @returns The value, typed.
   * @throws OptionValueError with the reason when it is not valid.
   */
  check(value: unknown): T;
}

/**
 * A rule from its parts, for values the helpers below do not cover.
 *
 * @param type - The TypeScript type of a valid value.
 * @param text - What a valid value is, for the documentation.
 * @param valid - Whether a value is valid; returns the reason when it is not.
 * @returns The rule.
 */
export function rule<T>(type: string, text: string, valid: (value: unknown) => string | undefined): Rule<T> {
  return {
    type,
    text,
    check(value) {
      const reason = valid(value);
      if (reason !== undefined) throw new OptionValueError(reason);
      return value as T;
    },
  };
}

/**
 * A safe integer of at least `min` and at most `max`.
 *
 * @param min - The smallest valid value.
 * @param max - The largest valid value; absent, none.
 * @returns The rule.
 */
export function integer(min: number, max?: number): Rule<number> {
  const range = max === undefined ? `at least ${min}` : `from ${min} to ${max}`;
  const text = max === undefined ? `integer ≥ ${min}` : `integer, ${min} to ${max}`;
  return rule("number", text, (value) =>
    typeof value === "number" &&
    Number.isSafeInteger(value) &&
    value >= min &&
    (max === undefined || value <= max)
      ? undefined
      : `must be an integer ${range}`,
  );
}

/** Bounds of a {@link number} rule. */
export interface NumberBounds {
  /** Values must be above this one. */
  above?: number;
  /** Values must be at least this one. */
  min?: number;
  /** Values must be at most this one. */
  max?: number;
}

/**
 * A finite number within bounds.
 *
 * @param bounds - `above` (exclusive) or `min` (inclusive), and `max` (inclusive).
 * @returns The rule.
 */
export function number(bounds: NumberBounds = {}): Rule<number> {
  const { above, min, max } = bounds;
  const parts = [
    ...(above === undefined ? [] : [`above ${above}`]),
    ...(min === undefined ? [] : [`at least ${min}`]),
    ...(max === undefined ? [] : [`at most ${max}`]),
  ];
  const symbols = [
    ...(above === undefined ? [] : [`> ${above}`]),
    ...(min === undefined ? [] : [`≥ ${min}`]),
    ...(max === undefined ? [] : [`≤ ${max}`]),
  ];
  const text = symbols.length === 0 ? "number" : `number ${symbols.join(", ")}`;
  const reason = parts.length === 0 ? "must be a number" : `must be a number ${parts.join(" and ")}`;
  return rule("number", text, (value) =>
    typeof value === "number" &&
    Number.isFinite(value) &&
    (above === undefined || value > above) &&
    (min === undefined || value >= min) &&
    (max === undefined || value <= max)
      ? undefined
      : reason,
  );
}

/**
 * `true` or `false`.
 *
 * @returns The rule.
 */
export function boolean(): Rule<boolean> {
  return rule("boolean", "true or false", (value) =>
    typeof value === "boolean" ? undefined : "must be true or false",
  );
}

/**
 * One of a few strings.
 *
 * @param choices - The valid values.
 * @returns The rule.
 */
export function oneOf<const C extends readonly string[]>(...choices: C): Rule<C[number]> {
  const quoted = choices.map((choice) => JSON.stringify(choice));
  const listed =
    quoted.length < 2 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
  return rule(quoted.join(" | "), listed, (value) =>
    typeof value === "string" && choices.includes(value) ? undefined : `must be ${listed}`,
  );
}

/**
 * A list of strings, each checked by `item`.
 *
 * @param text - What a valid list is, for the documentation.
 * @param item - The reason an item is not valid, or undefined when it is; absent, any string is.
 * @param listReason - The reason when the value is not a list of strings at all.
 * @returns The rule.
 */
export function stringList(
  text: string,
  item: (value: string) => string | undefined = () => undefined,
  listReason = "must be a list of strings",
): Rule<readonly string[]> {
  return rule("readonly string[]", text, (value) => {
    if (!Array.isArray(value)) return listReason;
    for (const element of value as unknown[]) {
      if (typeof element !== "string") return listReason;
      const reason = item(element);
      if (reason !== undefined) return reason;
    }
    return undefined;
  });
}
