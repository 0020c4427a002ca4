/** Options shared by every Waymark error. */
export interface WaymarkErrorOptions {
  /** The underlying error, kept as `cause`. */
  cause?: unknown;
  /** A longer explanation, appended to the message. */
  details?: string | undefined;
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

  /**
   * @param shortMessage - One line saying what went wrong.
   * @param options - Cause and details.
   */
  constructor(shortMessage: string, options: WaymarkErrorOptions = {}) {
    const details = options.details ?? detailsOf(options.cause);
    super(
      details === undefined || details === shortMessage
        ? shortMessage
        : `${shortMessage}\n\nDetails: ${details}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.shortMessage = shortMessage;
    this.details = details;
  }
}

function detailsOf(cause: unknown): string | undefined {
  if (cause instanceof WaymarkError) return cause.shortMessage;
  if (cause instanceof Error) return cause.message;
  return undefined;
}
