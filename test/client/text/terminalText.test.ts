import { describe, expect, it } from "vitest";

import { jsonTerminalSafe, terminalSafe } from "../../../client/kernel/text/terminalText.js";

describe("terminalSafe", () => {
  it("keeps ordinary text, backslashes and non-Latin letters as they are", () => {
    for (const text of ["Alpha Mail", "C:\\mail\\", "Почта ✉ 郵便", "مرحبا", "✉️ 👩"]) {
      expect(terminalSafe(text)).toBe(text);
    }
  });

  it("shows C0 controls, DEL and C1 controls as escapes, newlines and tabs included", () => {
    expect(terminalSafe("a\x1b]0;title\x07b")).toBe(String.raw`a\x1b]0;title\x07b`);
    expect(terminalSafe("\x00\x08\x7f")).toBe(String.raw`\x00\x08\x7f`);
    expect(terminalSafe("one\ntwo\r\tthree")).toBe(String.raw`one\ntwo\r\tthree`);
    expect(terminalSafe("\u009b2J\u0085\u0080")).toBe(String.raw`\x9b2J\x85\x80`);
  });

  it("shows bidi controls and other invisible format characters as escapes", () => {
    const bidi = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c";
    expect(terminalSafe(bidi)).toBe(
      String.raw`\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c`,
    );
    expect(terminalSafe("a\u200bb\ufeffc\u2028d\u00ade")).toBe(String.raw`a\u200bb\ufeffc\u2028d\xade`);
    expect(terminalSafe("tag\u{e0041}")).toBe(String.raw`tag\u{e0041}`);
    expect(terminalSafe("lone \ud800")).toBe(String.raw`lone \ud800`);
  });

  it("cuts long text without splitting an escape, and says how much was left out", () => {
    expect(terminalSafe("abcdef", { maxLength: 6 })).toBe("abcdef");
    expect(terminalSafe("abcdefgh", { maxLength: 4 })).toBe("abcd…(4 more)");
    // The escape of ESC (4 characters) does not fit after "ab" in 5: it is left out whole.
    expect(terminalSafe("ab\x1bcd", { maxLength: 5 })).toBe("ab…(3 more)");
    expect(terminalSafe("x".repeat(100_000), { maxLength: 10 })).toBe(`${"x".repeat(10)}…(99990 more)`);
  });
});

describe("jsonTerminalSafe", () => {
  it("escapes what JSON.stringify leaves raw, and parses back to the same value", () => {
    const value = {
      name: "a\u009b2J\u202e\u2066b\x7f\u2028",
      tag: "\u{e0041}",
      esc: "\x1b[2J",
      list: ["\u200f"],
    };
    const json = jsonTerminalSafe(JSON.stringify(value, null, 2));
    expect(json.replaceAll("\n", "")).not.toMatch(/[\p{Cc}\p{Cf}\u2028\u2029]/u);
    expect(json).toContain(String.raw`a\u009b2J\u202e\u2066b\u007f\u2028`);
    expect(JSON.parse(json)).toEqual(value);
  });
});
