import { WaymarkError } from "../../client/kernel/errors/base.js";

/** A records service option is missing a valid value; `option` names it. */
export class RecordsOptionError extends WaymarkError {
  override name = "RecordsOptionError" as const;
  /** The option's name, as written in the configuration. */
  readonly option: string;

  /**
   * @param option - The option's name.
   * @param reason - What a valid value is.
   */
  constructor(option: string, reason: string) {
    super(`Invalid records option "${option}": ${reason}`);
    this.option = option;
  }
}
