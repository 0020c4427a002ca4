import { WaymarkError } from "../../client/kernel/errors/base.js";

/** A relay service option is missing a valid value; `option` names it. */
export class RelayOptionError extends WaymarkError {
  override name = "RelayOptionError" as const;
  /** The option's name, as written in the configuration. */
  readonly option: string;

  /**
   * @param option - The option's name.
   * @param reason - What a valid value is.
   */
  constructor(option: string, reason: string) {
    super(`Invalid relay option "${option}": ${reason}`);
    this.option = option;
  }
}
