/**
 * Characters a terminal acts on or hides: controls (C0 with `\n` and `\t`, DEL, C1 such as the
 * 8-bit CSI U+009B), format characters (bidi embeddings, overrides and isolates, U+200E/U+200F,
 * U+061C, zero-width characters, the byte order mark, tag characters), line and paragraph
 * separators, and lone surrogates.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/**
 * What {@link jsonTerminalSafe} escapes: the characters of {@link UNSAFE} that `JSON.stringify`
 * leaves raw (it escapes C0 and lone surrogates itself; raw newlines and tabs there are layout).
 */
const JSON_UNSAFE = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Options of {@link terminalSafe}. */
export interface TerminalSafeOptions {
  /**
   * Most characters of escaped text to keep; the rest is left out and the cut is marked with `…`
   * and the number of characters left out.
   * @default no limit
   */
  maxLength?: number | undefined;
}

/**
 * Makes untrusted text safe to print on a terminal: every control or invisible format character
 * is shown as an escape (`\x1b`, `\n`, `\x9b`, `\u202e`, `\u{e0041}`) instead of being sent raw, so
 * that text from the chain, the DHT or a peer cannot move the cursor, clear the screen, set the
 * window title or the clipboard, start a new line, or reorder what is shown. Other text, including
 * backslashes, is kept as it is.
 *
 * @param text - The untrusted text.
 * @param options - `maxLength` bounds the result.
 * @returns Text without raw control or format characters.
 * @example
 * ```ts
 * terminalSafe("Alpha\x1b]0;pwned\x07\u202eliaM"); // "Alpha\\x1b]0;pwned\\x07\\u202eliaM"
 * ```
 */
export function terminalSafe(text: string, options: TerminalSafeOptions = {}): string {
  const max = options.maxLength ?? Infinity;
  if (text.length <= max && !UNSAFE.test(text)) return text;
  let out = "";
  let read = 0;
  for (const char of text) {
    const piece = UNSAFE.test(char) ? escapeChar(char) : char;
    if (out.length + piece.length > max) return `${out}…(${text.length - read} more)`;
    out += piece;
    read += char.length;
  }
  return out;
}

/**
 * Escapes, in JSON text, what {@link terminalSafe} would escape and `JSON.stringify` leaves raw
 * (DEL, C1 controls, format and separator characters), as `\uXXXX`. The JSON still parses to the
 * same value: these characters can only appear inside its strings.
 *
 * @param json - Output of `JSON.stringify`.
 * @returns The same JSON without raw control or format characters.
 * @example
 * ```ts
 * jsonTerminalSafe(JSON.stringify({ name: "\u202eevil" })); // '{"name":"\\u202eevil"}'
 * ```
 */
export function jsonTerminalSafe(json: string): string {
  // An astral character (a tag character) is written as its two UTF-16 escapes, as JSON spells it.
  return json.replace(JSON_UNSAFE, (char) =>
    Array.from({ length: char.length }, (_, i) => `\\u${hex(char.charCodeAt(i), 4)}`).join(""),
  );
}

function escapeChar(char: string): string {
  const short = SHORT_ESCAPES[char];
  if (short !== undefined) return short;
  const code = char.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${hex(code, 2)}`;
  if (code <= 0xffff) return `\\u${hex(code, 4)}`;
  return `\\u{${code.toString(16)}}`;
}

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, "0");
}
