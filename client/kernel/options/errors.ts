import { WaymarkError } from "../errors/base.js";

/**
 * A value an option's rule refuses. {@link resolveOptions} hands the reason to the component's own
 * error (`MailOptionError`, `ConfigurationError`), so callers never see this one from there.
 */
export class OptionValueError extends WaymarkError {
  override name = "OptionValueError" as const;
  /** What a valid value is: "must be an integer from 1 to 10". */
  readonly reason: string;

  /** @param reason - What a valid value is. */
  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}
