import { WaymarkError } from "../kernel/errors/base.js";

/** A file that is not a Waymark mail key, cannot be read, or contradicts itself. */
export class InvalidMailKeyFileError extends WaymarkError {
  override name = "InvalidMailKeyFileError" as const;

  /**
   * @param file - The key file, when the contents came from one.
   * @param reason - What is wrong with it.
   * @param options - The underlying error.
   */
  constructor(file: string | undefined, reason: string, options: { cause?: unknown } = {}) {
    super(`${file ?? "The contents"} is not a usable mail key: ${reason}`, options);
  }
}

/** An encrypted mail key file and no passphrase, or a passphrase that does not open it. */
export class MailKeyPassphraseError extends WaymarkError {
  override name = "MailKeyPassphraseError" as const;
  /** `missing` when no passphrase was given, `wrong` when it does not decrypt the key. */
  readonly reason: "missing" | "wrong";

  /**
   * @param file - The key file, when there is one.
   * @param reason - `missing` when no passphrase was given, `wrong` when it does not decrypt the key.
   * @param options - Where a passphrase can be given, as a hint.
   */
  constructor(
    file: string | undefined,
    reason: "missing" | "wrong",
    options: { details?: string | undefined } = {},
  ) {
    const key = file === undefined ? "the mail key" : `the mail key ${file}`;
    super(
      reason === "missing" ? `No passphrase was given for ${key}` : `The passphrase does not decrypt ${key}`,
      options,
    );
    this.reason = reason;
  }
}

/** A new mail key was to be written where a file already exists. */
export class MailKeyFileExistsError extends WaymarkError {
  override name = "MailKeyFileExistsError" as const;

  /** @param file - The existing file. */
  constructor(file: string) {
    super(`${file} already exists`, {
      details: "a mail key file is never overwritten: move it away or choose another path",
    });
  }
}
