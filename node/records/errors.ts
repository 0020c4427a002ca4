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

/** The records store file holds a schema newer than this node knows: a newer version wrote it. */
export class RecordsStoreSchemaError extends WaymarkError {
  override name = "RecordsStoreSchemaError" as const;
  /** The schema version found in the file. */
  readonly found: number;
  /** The newest schema version this node knows. */
  readonly known: number;

  /**
   * @param found - The file's schema version.
   * @param known - The newest version this node knows.
   */
  constructor(found: number, known: number) {
    super(`The records store has schema version ${found}; this node knows up to ${known}`, {
      hint: "run the newer waymark-node that wrote it, or start with another data directory",
    });
    this.found = found;
    this.known = known;
  }
}
