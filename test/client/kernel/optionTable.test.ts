import { describe, expect, it } from "vitest";

import { escapeMarkdown, renderOptionTable } from "../../../client/kernel/options/markdown.js";
import { defaultText, defineOptions, resolveOptions } from "../../../client/kernel/options/optionTable.js";
import { boolean, integer, number, oneOf, rule, stringList } from "../../../client/kernel/options/rules.js";

class TestOptionError extends Error {
  override name = "TestOptionError" as const;
  constructor(
    readonly option: string,
    readonly reason: string,
  ) {
    super(`${option} ${reason}`);
  }
}

const fail = (option: string, reason: string): never => {
  throw new TestOptionError(option, reason);
};

const TABLE = defineOptions({
  size: { default: 10, rule: integer(1, 100), doc: "How many." },
  page: {
    default: (resolved) => Math.min(20, resolved.size as number),
    defaultText: "20, or size when that is lower",
    rule: integer(1),
    doc: "Per page.",
  },
  share: { default: 0.5, rule: number({ above: 0, max: 1 }), doc: "A share." },
  mode: { default: "full", rule: oneOf("full", "normal"), doc: "The mode." },
  on: { default: true, rule: boolean(), doc: "Whether it is on." },
  names: { default: ["a", "b"], rule: stringList("names"), doc: "Names." },
});

function refusal(init: Record<string, unknown>): TestOptionError {
  try {
    resolveOptions(TABLE, init, fail);
  } catch (err) {
    if (err instanceof TestOptionError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("an option table", () => {
  it("applies defaults in table order, a computed one from the options before it", () => {
    expect(resolveOptions(TABLE, {}, fail)).toEqual({
      size: 10,
      page: 10,
      share: 0.5,
      mode: "full",
      on: true,
      names: ["a", "b"],
    });
    expect(resolveOptions(TABLE, { size: 50, page: undefined }, fail).page).toBe(20);
  });

  it("names the first invalid option with what a valid value is", () => {
    expect(refusal({ size: 0 })).toMatchObject({
      option: "size",
      reason: "must be an integer from 1 to 100",
    });
    expect(refusal({ size: 2.5 })).toMatchObject({ option: "size" });
    expect(refusal({ page: 0, share: 2 })).toMatchObject({
      option: "page",
      reason: "must be an integer at least 1",
    });
    expect(refusal({ share: 0 })).toMatchObject({ reason: "must be a number above 0 and at most 1" });
    expect(refusal({ share: Number.NaN })).toMatchObject({ option: "share" });
    expect(refusal({ mode: "fast" })).toMatchObject({ reason: 'must be "full" or "normal"' });
    expect(refusal({ on: "yes" })).toMatchObject({ reason: "must be true or false" });
    expect(refusal({ names: "a" })).toMatchObject({ option: "names", reason: "must be a list of strings" });
    expect(refusal({ names: ["a", 1] })).toMatchObject({ option: "names" });
  });

  it("lets other errors of a rule pass through", () => {
    const table = defineOptions({
      id: {
        default: "x",
        rule: rule<string>("string", "an id", () => {
          throw new RangeError("not an id");
        }),
        doc: "An id.",
      },
    });
    expect(() => resolveOptions(table, {}, fail)).toThrow(RangeError);
  });

  it("documents defaults as TypeScript writes them and renders a Markdown table", () => {
    expect(defaultText(TABLE.names)).toBe('["a", "b"]');
    expect(defaultText(TABLE.mode)).toBe('"full"');
    expect(defaultText(TABLE.page)).toBe("20, or size when that is lower");
    expect(
      renderOptionTable(TABLE, [
        { header: "option", cell: (name) => `\`${name}\`` },
        { header: "values", cell: (_name, spec) => escapeMarkdown(spec.rule.text) },
      ]).split("\n"),
    ).toEqual([
      "| option | values |",
      "| --- | --- |",
      "| `size` | integer, 1 to 100 |",
      "| `page` | integer ≥ 1 |",
      "| `share` | number &gt; 0, ≤ 1 |",
      '| `mode` | "full" or "normal" |',
      "| `on` | true or false |",
      "| `names` | names |",
    ]);
    expect(escapeMarkdown("a | b <c>\n  d `<e>`")).toBe("a \\| b &lt;c&gt; d `<e>`");
  });
});
