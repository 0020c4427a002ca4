import type { InitMatchesTable, OptionValues } from "../../../client/kernel/options/optionTable.js";
import type { RecordDomain } from "../../../client/records/protocol/record.js";
import type { RecordsLimitsInit } from "./limits.generated.js";
import type { RECORDS_OPTIONS } from "./table.js";

/** Every limit resolved to a value. */
export type RecordsLimits = OptionValues<typeof RECORDS_OPTIONS>;

/** Does not compile when limits.generated.ts no longer matches the table (run `npm run docs`). */
const _generatedLimitsMatchTable: InitMatchesTable<RecordsLimitsInit, typeof RECORDS_OPTIONS> = true;

/** Options of the records service. */
export interface RecordsServiceInit extends RecordsLimitsInit {
  /** SQLite database file. @default ":memory:" */
  path?: string | undefined;
  /**
   * The deployment records must be signed for (the registry's chain id and address): a record
   * signed for any other deployment is refused as a bad signature.
   */
  domain: RecordDomain;
  /** Clock in milliseconds since the epoch. @default Date.now */
  clock?: (() => number) | undefined;
  /**
   * Called when the store cannot write a put (a full disk, an I/O error); the peer is answered
   * `RecordsInternalError`. The node daemon logs it.
   * @default nothing
   */
  onStoreError?: ((error: Error) => void) | undefined;
}

/** The service's options with every default applied. */
export interface ResolvedRecordsInit {
  limits: RecordsLimits;
  path: string;
  domain: RecordDomain;
  clock: () => number;
  onStoreError: (error: Error) => void;
}
