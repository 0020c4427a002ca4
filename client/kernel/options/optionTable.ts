import { OptionValueError } from "./errors.js";
import type { Rule } from "./rules.js";

/** The options resolved before the one whose default is being computed, in table order. */
export type ResolvedSoFar = Readonly<Record<string, unknown>>;

/** One option of a component: its default, what a valid value is, and what it does. */
export interface OptionSpec<T> {
  /** The default, or how it is computed from the options before it in the table. */
  default: NoInfer<T> | ((resolved: ResolvedSoFar) => NoInfer<T>);
  /** What a valid value is; the option's type comes from it (the default's never widens it). */
  rule: Rule<T>;
  /** What the option does, in sentences; the `@default` and the documentation tables come from it. */
  doc: string;
  /** The default as the documentation shows it, when it is computed; absent, the value itself. */
  defaultText?: string;
}

/** A component's options, in resolution order (a computed default may use the ones before it). */
export type OptionTable = Readonly<Record<string, OptionSpec<unknown>>>;

/** The type of one option's value. */
export type OptionValue<S> = S extends { rule: Rule<infer T> } ? T : never;

/** Every option of a table resolved to a value. */
export type OptionValues<Table extends OptionTable> = { -readonly [K in keyof Table]: OptionValue<Table[K]> };

/** What a caller may give: any option, each optional. */
export type OptionInit<Table extends OptionTable> = {
  -readonly [K in keyof Table]?: OptionValue<Table[K]> | undefined;
};

/**
 * Called with the first option whose value is not valid; throws the component's own typed error.
 *
 * @param option - The option's name.
 * @param reason - What a valid value is ("must be an integer from 1 to 10").
 * @param value - The value refused.
 */
export type OptionErrorFactory = (option: string, reason: string, value: unknown) => never;

/**
 * Declares a table, checking that each option's default has the type its rule gives.
 *
 * @param table - The options, in resolution order.
 * @returns The same table, typed.
 */
export function defineOptions<V extends Record<string, unknown>>(table: {
  [K in keyof V]: OptionSpec<V[K]>;
}): {
  readonly [K in keyof V]: OptionSpec<V[K]>;
} {
  return table;
}

/**
 * Merges the options given with the table's defaults and checks each one, in table order.
 *
 * @param table - The component's option table.
 * @param init - The options given; absent (`undefined` or `null`) ones take their defaults.
 * @param onError - Throws the component's typed error for an invalid value.
 * @returns Every option resolved.
 * @throws Whatever `onError` throws, naming the first invalid option; errors other than
 *   {@link OptionValueError} that a rule throws pass through.
 */
export function resolveOptions<Table extends OptionTable>(
  table: Table,
  init: Readonly<Partial<Record<keyof Table, unknown>>>,
  onError: OptionErrorFactory,
): OptionValues<Table> {
  const resolved: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    const value = (init as Record<string, unknown>)[name] ?? defaultOf(spec, resolved);
    try {
      resolved[name] = spec.rule.check(value);
    } catch (err) {
      if (err instanceof OptionValueError) onError(name, err.reason, value);
      throw err;
    }
  }
  return resolved as OptionValues<Table>;
}

/**
 * The default of one option.
 *
 * @param spec - The option.
 * @param resolved - The options before it, resolved.
 * @returns Its default value.
 */
export function defaultOf<T>(spec: OptionSpec<T>, resolved: ResolvedSoFar): T {
  return typeof spec.default === "function"
    ? (spec.default as (resolved: ResolvedSoFar) => T)(resolved)
    : spec.default;
}

/**
 * The default of one option as the documentation shows it: `defaultText`, or the value written as
 * TypeScript would (`256`, `"full"`, `["127.0.0.0/8", "::1/128"]`).
 *
 * @param spec - The option.
 * @returns The text.
 */
export function defaultText(spec: OptionSpec<unknown>): string {
  if (spec.defaultText !== undefined) return spec.defaultText;
  if (typeof spec.default === "function") throw new TypeError("a computed default needs its defaultText");
  return formatValue(spec.default);
}

/**
 * A value written as TypeScript would: JSON, with a space after each comma of a list (and a
 * bigint with its `n`).
 *
 * @param value - The value.
 * @returns The text.
 */
export function formatValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => formatValue(item)).join(", ")}]`;
  if (typeof value === "bigint") return `${value}n`;
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return String(value);
  return JSON.stringify(value);
}

/**
 * The first paragraph of an option's doc: what the documentation tables show (the generated TSDoc
 * has it all).
 *
 * @param spec - The option.
 * @returns The paragraph.
 */
export function docSummary(spec: OptionSpec<unknown>): string {
  return spec.doc.split("\n\n")[0] ?? spec.doc;
}

/**
 * `true` when `Init` (a generated `*Init` interface) has exactly the table's options, each of the
 * type its rule gives; `never` otherwise, so that assigning `true` to it fails to compile when the
 * generated file is stale.
 */
export type InitMatchesTable<Init, Table extends OptionTable> = [
  Exclude<keyof Init, keyof Table> | Exclude<keyof Table, keyof Init>,
] extends [never]
  ? [Init] extends [OptionInit<Table>]
    ? [OptionInit<Table>] extends [Init]
      ? true
      : never
    : never
  : never;
