/**
 * The records wire protocol shared by nodes and clients: signed records, typed errors, limits,
 * and the low-level client that sends one request per stream.
 */
export * from "./constants.js";
export * from "./errors.js";
export * from "./record.js";
export type { RecordsRequestOptions } from "./exchange.js";
export { getRecord, listRecordNames, putRecord } from "./requests.js";
export type { GetRecordOptions, PutRecordOptions, RecordNameEntry, RecordNamesPage } from "./requests.js";
