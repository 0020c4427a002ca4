/** Options shared by every Waymark error. */
export interface WaymarkErrorOptions {
  /** The underlying error, kept as `cause`. */
  cause?: unknown;
  /** A longer explanation, appended to the message. */
  details?: string | undefined;
  /** What a person can do about it, appended to the message after the details. */
  hint?: string | undefined;
}

/**
 * Base class of every error Waymark raises. Subclasses set a literal `name`; match on `name`,
 * never on the message text.
 *
 * @example
 * ```ts
 * try { await client.send(topic, payload) }
 * catch (err) { if (err instanceof WaymarkError && err.name === "RateLimitedError") … }
 * ```
 */
export class WaymarkError extends Error {
  override name = "WaymarkError";
  /** One line saying what went wrong. */
  readonly shortMessage: string;
  /** More detail, when there is any. */
  readonly details: string | undefined;
  /** What a person can do about it, when something useful can be said (shown by the CLIs). */
  readonly hint: string | undefined;

  /**
   * @param shortMessage - One line saying what went wrong.
   * @param options - Cause, details and hint.
   */
  constructor(shortMessage: string, options: WaymarkErrorOptions = {}) {
    const details = options.details ?? detailsOf(options.cause);
    const parts = [shortMessage];
    if (details !== undefined && details !== shortMessage) parts.push(`Details: ${details}`);
    if (options.hint !== undefined) parts.push(`Hint: ${options.hint}`);
    super(parts.join("\n\n"), options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.hint = options.hint;
  }
}

function detailsOf(cause: unknown): string | undefined {
  if (cause instanceof WaymarkError) return cause.shortMessage;
  if (cause instanceof Error) return cause.message;
  return undefined;
}
