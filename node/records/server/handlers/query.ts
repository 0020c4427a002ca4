import { RecordTooLargeError, RecordsInvalidQueryError } from "../../../../client/records/protocol/errors.js";
import { checkOwner, checkRecordName } from "../../../../client/records/protocol/record.js";

/**
 * The owner a get or a list names.
 *
 * @param owner - The 20 bytes sent.
 * @returns The checksummed address.
 * @throws RecordsInvalidQueryError when it is not 20 bytes.
 */
export function queryOwner(owner: Uint8Array): string {
  try {
    return checkOwner(owner);
  } catch (err) {
    throw new RecordsInvalidQueryError("The owner is not a 20-byte address", { cause: err });
  }
}

/**
 * A name a get asks for, or a list cursor, checked as the names the node stores are.
 *
 * @param name - The name.
 * @param maxNameBytes - Longest name.
 * @param what - What the name is, for the message (`name`, `cursor`).
 * @returns The name.
 * @throws RecordTooLargeError (limit `name`) for a get of too long a name; RecordsInvalidQueryError
 * for any other name the node cannot hold.
 */
export function queryName(name: string, maxNameBytes: number, what: "name" | "cursor"): string {
  try {
    checkRecordName(name, maxNameBytes);
    return name;
  } catch (err) {
    if (what === "name" && err instanceof RecordTooLargeError) throw err;
    throw new RecordsInvalidQueryError(`The ${what} is not a record name this node holds`, { cause: err });
  }
}
