/** What a URL that cannot be parsed is shown as: its secret parts cannot be told apart. */
export const UNPARSEABLE_URL = "[unparseable URL]";

/**
 * A URL in running text: a scheme, `://`, and everything up to a space, a quote, an angle bracket,
 * a backtick or a backslash (so `"requestUrl": "https://…"` in an error message ends at its quote).
 */
const URL_IN_TEXT = /\b[a-z][a-z\d+.-]*:\/\/[^\s"'<>`\\]+/gi;

/**
 * A URL without what may be secret: keeps the scheme, the host and the port; drops the user name
 * and password, the path, the query and the fragment, where RPC providers put API keys.
 *
 * @param url - The URL, e.g. a chain RPC URL.
 * @returns `scheme://host[:port]`, or {@link UNPARSEABLE_URL}.
 * @example
 * ```ts
 * redactUrl("https://mainnet.infura.io/v3/KEY"); // "https://mainnet.infura.io"
 * redactUrl("http://user:pass@127.0.0.1:8545/?key=K"); // "http://127.0.0.1:8545"
 * ```
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return UNPARSEABLE_URL;
  }
  return parsed.host === "" ? `${parsed.protocol}//` : `${parsed.protocol}//${parsed.host}`;
}

/**
 * Redacts with {@link redactUrl} every URL found in a text, such as an error message that quotes
 * the request URL.
 *
 * @param text - The text.
 * @returns The text with each URL cut to its scheme, host and port.
 * @example
 * ```ts
 * redactUrls('bad response (info={ "requestUrl": "https://rpc.example/KEY" })');
 * // 'bad response (info={ "requestUrl": "https://rpc.example" })'
 * ```
 */
export function redactUrls(text: string): string {
  return text.includes("://") ? text.replace(URL_IN_TEXT, (url) => redactUrl(url)) : text;
}
